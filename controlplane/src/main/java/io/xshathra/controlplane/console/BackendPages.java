package io.xshathra.controlplane.console;

import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectProxies;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A project's backends ({@code /projects/{id}/backends}): the page, saving or removing one
 * endpoint, a new signing secret. The caller has checked that the visitor may manage the project.
 */
final class BackendPages {

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;

    BackendPages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    CompletionStage<WebResponse> view(Visitor v, Project p) {
        String notice = flash.take(v.flashKey(), "backends:" + p.id(), Flash.Notice.class)
                .map(Flash.Notice::text).orElse("");
        return ctx.projects().proxies().of(p.id())
                .thenApply(proxies -> render(v, p, proxies, BackendView.State.notice(notice), HttpStatus.OK));
    }

    private WebResponse render(Visitor v, Project p, ProjectProxies proxies, BackendView.State s, HttpStatus status) {
        return Responses.html(status, layout.page(v, "Backends · " + p.name(), BackendView.main(v, p, proxies, s)));
    }

    /** {@code POST /projects/{id}/backends}: {@code kind}, {@code action} save or remove, the kind's fields. */
    CompletionStage<WebResponse> change(ConsoleRequest r, Visitor v, Project p) {
        ProxyKind kind;
        try {
            kind = ProxyKind.of(r.form().get("kind"));
        } catch (ControlPlaneException e) {
            return Responses.done(layout.error(v, HttpStatus.BAD_REQUEST, "Unknown backend", e.getMessage()));
        }
        String url = r.form().get("url_" + kind.id());
        String timeout = r.form().get("timeout_" + kind.id());
        if ("remove".equals(r.form().get("action"))) {
            return ctx.projects().proxies().remove(p.id(), kind)
                    .thenCompose(Audited.by(ctx, v, p.id(), "backend.remove", x -> Map.of("kind", kind.id())))
                    .thenApply(done -> saved(v, p, "The " + kind.id() + " backend was removed."));
        }
        Optional<Duration> t = millis(timeout);
        if (t.isEmpty()) {
            return refused(v, p, new BackendView.State("", kind, url, timeout,
                    "Timeout must be a whole number of milliseconds between 100 and 30000."));
        }
        return ctx.projects().proxies().set(p.id(), kind, url, t.get())
                .thenCompose(Audited.by(ctx, v, p.id(), "backend.set", x -> Map.of("kind", kind.id(), "url", AuditLog.safeUrl(url),
                        "timeout_ms", String.valueOf(t.get().toMillis()))))
                .thenApply(done -> saved(v, p, "The " + kind.id() + " backend was saved."))
                .exceptionallyCompose(e -> Failures.unwrap(e) instanceof ControlPlaneException c
                        && c.reason() == ControlPlaneException.Reason.INVALID_ARGUMENT
                        ? refused(v, p, new BackendView.State("", kind, url, timeout, c.getMessage()))
                        : CompletableFuture.failedFuture(e));
    }

    /** {@code POST /projects/{id}/backends/secret}. */
    CompletionStage<WebResponse> rotateSecret(Visitor v, Project p) {
        return ctx.projects().proxies().rotateSigningSecret(p.id())
                .thenCompose(Audited.by(ctx, v, p.id(), "backend.rotate_secret", x -> Map.of()))
                .thenApply(done -> saved(v, p, "A new signing secret is in use. Update your backend."));
    }

    private WebResponse saved(Visitor v, Project p, String notice) {
        flash.put(v.flashKey(), "backends:" + p.id(), new Flash.Notice(notice));
        return Responses.redirect("/projects/" + p.id() + "/backends");
    }

    private CompletionStage<WebResponse> refused(Visitor v, Project p, BackendView.State s) {
        return ctx.projects().proxies().of(p.id())
                .thenApply(proxies -> render(v, p, proxies, s, HttpStatus.BAD_REQUEST));
    }

    private static Optional<Duration> millis(String text) {
        try {
            long ms = Long.parseLong(text == null ? "" : text.strip());
            return ms >= 100 && ms <= 30_000 ? Optional.of(Duration.ofMillis(ms)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
