package io.xshathra.controlplane.console;

import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import io.xshathra.controlplane.webhooks.CreatedWebhook;
import io.xshathra.controlplane.webhooks.WebhookStore;
import io.xshathra.engine.project.TenantEvent;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A project's webhooks ({@code /projects/{id}/webhooks}): the page (endpoints, the add form, the
 * last deliveries), adding an endpoint (its secret shown once, on the page the add redirects
 * to) and removing one. The caller has checked that the visitor may manage the project.
 */
final class WebhookPages {

    /** A new endpoint's secret, for the next view of the page only. */
    record NewSecret(String webhookId, String secret) {
        @Override
        public String toString() {
            return "NewSecret[webhookId=" + webhookId + ", secret=(hidden)]";
        }
    }

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;

    WebhookPages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    private static String slot(Project p) {
        return "webhooks:" + p.id();
    }

    CompletionStage<WebResponse> view(Visitor v, Project p) {
        if (ctx.webhooks() == null) {
            return Responses.done(layout.error(v, HttpStatus.NOT_FOUND, "Webhooks are off",
                    "This deployment does not deliver webhooks."));
        }
        Object once = flash.take(v.flashKey(), slot(p), Object.class).orElse(null);
        WebhookView.State s = once instanceof NewSecret n ? WebhookView.State.created(n)
                : once instanceof Flash.Notice n ? WebhookView.State.notice(n.text()) : WebhookView.State.EMPTY;
        return render(v, p, s, HttpStatus.OK);
    }

    private CompletionStage<WebResponse> render(Visitor v, Project p, WebhookView.State s, HttpStatus status) {
        WebhookStore store = ctx.webhooks();
        return store.list(p.id()).thenCompose(endpoints -> store.deliveries(p.id()).thenCompose(log ->
                store.pending(p.id()).thenApply(pending -> Responses.html(status, layout.page(v, "Webhooks · " + p.name(),
                        WebhookView.main(v, p, new WebhookView.Data(endpoints, log, pending), s))))));
    }

    /** {@code POST /projects/{id}/webhooks}: {@code url} and one {@code event_<name>} field per chosen event. */
    CompletionStage<WebResponse> add(ConsoleRequest r, Visitor v, Project p) {
        if (ctx.webhooks() == null) {
            return view(v, p);
        }
        String url = r.form().get("url");
        Set<TenantEvent.Kind> events = EnumSet.noneOf(TenantEvent.Kind.class);
        for (TenantEvent.Kind k : TenantEvent.Kind.values()) {
            if (r.form().has("event_" + k.wireName())) {
                events.add(k);
            }
        }
        return ctx.webhooks().add(p.id(), url, events)
                .thenCompose(Audited.by(ctx, v, p.id(), "webhook.add", created -> Map.of("id", created.endpoint().id(),
                        "url", AuditLog.safeUrl(url), "events", String.join(",", created.endpoint().events().stream()
                                .map(k -> k.wireName()).sorted().toList()))))
                .thenApply(created -> added(v, p, created))
                .exceptionallyCompose(e -> Failures.unwrap(e) instanceof ControlPlaneException c
                        && c.reason() == ControlPlaneException.Reason.INVALID_ARGUMENT
                        ? render(v, p, WebhookView.State.refused(url, events, c.getMessage()), HttpStatus.BAD_REQUEST)
                        : CompletableFuture.failedFuture(e));
    }

    private WebResponse added(Visitor v, Project p, CreatedWebhook created) {
        flash.put(v.flashKey(), slot(p), new NewSecret(created.endpoint().id(), created.secret()));
        return Responses.redirect("/projects/" + p.id() + "/webhooks");
    }

    /** {@code POST /projects/{id}/webhooks/remove}: {@code id}. */
    CompletionStage<WebResponse> remove(ConsoleRequest r, Visitor v, Project p) {
        if (ctx.webhooks() == null) {
            return view(v, p);
        }
        String id = r.form().get("id");
        return ctx.webhooks().remove(p.id(), id == null ? "" : id)
                .thenCompose(Audited.by(ctx, v, p.id(), "webhook.remove", removed -> Map.of("id", String.valueOf(id))))
                .thenApply(removed -> {
            flash.put(v.flashKey(), slot(p), new Flash.Notice(removed ? "The webhook " + id + " was removed."
                    : "That webhook was already gone."));
            return Responses.redirect("/projects/" + p.id() + "/webhooks");
        });
    }
}
