package io.xshathra.controlplane.console;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.NamespaceSettings;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A project's namespaces ({@code /projects/{id}/namespaces}): the page, and saving or removing one
 * namespace. The caller has checked that the visitor may manage the project.
 */
final class NamespacePages {

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;

    NamespacePages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    private NamespaceSettings namespaces() {
        return ctx.projects().namespaces();
    }

    CompletionStage<WebResponse> view(Visitor v, Project p) {
        String notice = flash.take(v.flashKey(), "namespaces:" + p.id(), Flash.Notice.class)
                .map(Flash.Notice::text).orElse("");
        return render(v, p, NamespaceView.State.notice(notice), HttpStatus.OK);
    }

    private CompletionStage<WebResponse> render(Visitor v, Project p, NamespaceView.State s, HttpStatus status) {
        return namespaces().of(p.id()).thenApply(set -> Responses.html(status,
                layout.page(v, "Namespaces · " + p.name(), NamespaceView.main(v, p, set, s))));
    }

    /**
     * {@code POST /projects/{id}/namespaces}: {@code name}, {@code action} save or remove, and the
     * options ({@code options} for a new namespace, {@code options-<name>} for an existing one).
     */
    CompletionStage<WebResponse> change(ConsoleRequest r, Visitor v, Project p) {
        String name = Optional.ofNullable(r.form().get("name")).orElse("").strip();
        if ("remove".equals(r.form().get("action"))) {
            return remove(v, p, name);
        }
        String typed = r.form().get("options");
        boolean isNew = typed != null;
        String options = isNew ? typed : Optional.ofNullable(r.form().get("options-" + name)).orElse("");
        Optional<JsonSyntax.Problem> problem = options.length() > NamespaceSettings.MAX_OPTIONS_BYTES
                ? Optional.empty() : JsonSyntax.check(options);
        if (problem.isPresent()) {
            return render(v, p, new NamespaceView.State("", name, options, problem.get().describe(), isNew),
                    HttpStatus.BAD_REQUEST);
        }
        return namespaces().set(p.id(), name, options)
                .thenCompose(Audited.by(ctx, v, p.id(), "namespace.set", done -> Map.of("name", name)))
                .thenApply(done -> saved(v, p, "Namespace " + name + " was saved."))
                .exceptionallyCompose(e -> refusal(e).map(message -> render(v, p,
                        new NamespaceView.State("", name, options, message, isNew), HttpStatus.BAD_REQUEST))
                        .orElseGet(() -> CompletableFuture.failedFuture(e)));
    }

    private CompletionStage<WebResponse> remove(Visitor v, Project p, String name) {
        return namespaces().remove(p.id(), name)
                .thenCompose(Audited.by(ctx, v, p.id(), "namespace.remove", done -> Map.of("name", name)))
                .thenApply(done -> saved(v, p, "Namespace " + name + " was removed. Connections already subscribed"
                        + " to its channels keep their subscriptions."))
                .exceptionallyCompose(e -> refusal(e).map(message -> render(v, p,
                        new NamespaceView.State("", name, "", message, false), HttpStatus.BAD_REQUEST))
                        .orElseGet(() -> CompletableFuture.failedFuture(e)));
    }

    /** The message of a refusal the visitor can fix; empty for anything else. */
    private static Optional<String> refusal(Throwable e) {
        if (Failures.unwrap(e) instanceof ControlPlaneException c
                && (c.reason() == ControlPlaneException.Reason.INVALID_ARGUMENT
                || c.reason() == ControlPlaneException.Reason.INVALID_NAME)) {
            return Optional.of(c.reason() == ControlPlaneException.Reason.INVALID_NAME
                    ? "Name: " + c.getMessage() : c.getMessage());
        }
        return Optional.empty();
    }

    private WebResponse saved(Visitor v, Project p, String notice) {
        flash.put(v.flashKey(), "namespaces:" + p.id(), new Flash.Notice(notice));
        return Responses.redirect("/projects/" + p.id() + "/namespaces");
    }
}
