package io.xshathra.controlplane.console;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import io.xshathra.engine.tenant.TenantStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One project: its overview (keys, live figures, code snippets), the figures as JSON for the
 * page's poller, its settings page with key rotation and renaming, and deletion. The caller has checked that the
 * visitor's role allows the page ({@link ProjectAccess}); each change is recorded on the audit log.
 */
final class ProjectPages {

    /** Grace periods the rotation form offers, in minutes. */
    static final Set<Long> GRACE_MINUTES = Set.of(0L, 15L, 60L, 1440L);

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;
    /** What the page's code snippets connect and publish to. */

    ProjectPages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    /** The snippets' endpoint and an example channel of one of the project's namespaces. */
    private Snippets.Target snippetTarget(Project p) {
        return new Snippets.Target(ctx.websocketPath().isEmpty() ? "/connection/websocket" : ctx.websocketPath(),
                Snippets.exampleChannel(ctx.node().channelRules(p.id()).config().namespaces().keySet()
                        .stream().sorted().toList(), "lobby"));
    }

    CompletionStage<WebResponse> view(ConsoleRequest r, Visitor v, Project p) {
        Flash.NewKey key = flash.take(v.flashKey(), "key:" + p.id(), Flash.NewKey.class).orElse(null);
        String notice = flash.take(v.flashKey(), "notice:" + p.id(), Flash.Notice.class)
                .map(Flash.Notice::text).orElse("");
        return Responses.done(render(r, v, p, new ProjectView.State(key, notice, p.name(), ""), HttpStatus.OK));
    }

    private WebResponse render(ConsoleRequest r, Visitor v, Project p, ProjectView.State s,
                                    HttpStatus status) {
        TenantStats.ProjectStats stats = ctx.node().projectStats(p.id());
        return Responses.html(status, layout.page(v, p.name(), ProjectView.main(r, v, p, stats, s, snippetTarget(p))));
    }

    /** {@code GET /projects/{id}/settings}: renaming, rotation and the way to deletion. */
    CompletionStage<WebResponse> settings(Visitor v, Project p) {
        String notice = flash.take(v.flashKey(), "notice:" + p.id(), Flash.Notice.class)
                .map(Flash.Notice::text).orElse("");
        return Responses.done(renderSettings(v, p, new ProjectView.State(null, notice, p.name(), ""), HttpStatus.OK));
    }

    private WebResponse renderSettings(Visitor v, Project p, ProjectView.State s, HttpStatus status) {
        return Responses.html(status, layout.page(v, "Settings · " + p.name(), SettingsView.main(v, p, s)));
    }

    /** {@code GET /projects/{id}/stats}: this node's figures; the page computes the rate. */
    CompletionStage<WebResponse> stats(Project p) {
        TenantStats.ProjectStats st = ctx.node().projectStats(p.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connections", st.connections());
        body.put("users", st.users());
        body.put("channels", st.channels());
        body.put("publications", st.publications());
        body.put("at", ctx.clock().millis());
        return Responses.done(Responses.json(HttpStatus.OK, body));
    }

    /** The chosen grace period in minutes, or -1 when it is not one of the offered ones. */
    private static long graceMinutes(ConsoleRequest r) {
        try {
            long minutes = Long.parseLong(r.form().get("grace"));
            return GRACE_MINUTES.contains(minutes) ? minutes : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private WebResponse badGrace(Visitor v) {
        return layout.error(v, HttpStatus.BAD_REQUEST, "Choose a grace period",
                "The grace period must be none, 15 minutes, 1 hour or 24 hours.");
    }

    CompletionStage<WebResponse> rotate(ConsoleRequest r, Visitor v, Project p) {
        long minutes = graceMinutes(r);
        if (minutes < 0) {
            return Responses.done(badGrace(v));
        }
        return ctx.projects().rotateServerKey(p.id(), Duration.ofMinutes(minutes))
                .thenCompose(Audited.by(ctx, v, p.id(), "key.rotate_server", k -> Map.of("grace_minutes",
                        String.valueOf(minutes), "new_key_hint", k.project().serverKeyHint()))).thenApply(rotated -> {
            flash.put(v.flashKey(), "key:" + p.id(),
                    new Flash.NewKey(rotated.serverApiKey(), true, rotated.previousKeyExpiresAt()));
            return Responses.redirect("/projects/" + p.id());
        });
    }

    /** {@code POST /projects/{id}/rotate-client}: a new public client key, the old one kept for the grace period. */
    CompletionStage<WebResponse> rotateClient(ConsoleRequest r, Visitor v, Project p) {
        long minutes = graceMinutes(r);
        if (minutes < 0) {
            return Responses.done(badGrace(v));
        }
        return ctx.projects().rotateClientKey(p.id(), Duration.ofMinutes(minutes))
                .thenCompose(Audited.by(ctx, v, p.id(), "key.rotate_client", k -> Map.of("grace_minutes",
                        String.valueOf(minutes)))).thenApply(rotated -> {
            String until = rotated.previousKeyValidUntil()
                    .map(t -> "The previous client key keeps connecting until " + Layout.timeText(t) + ".")
                    .orElse("The previous client key stopped working immediately.");
            flash.put(v.flashKey(), "notice:" + p.id(), new Flash.Notice("Client key rotated. " + until
                    + " Put the new key in your apps."));
            return Responses.redirect("/projects/" + p.id());
        });
    }

    CompletionStage<WebResponse> rename(ConsoleRequest r, Visitor v, Project p) {
        String name = r.form().get("name");
        try {
            InputRules.projectName(name);
        } catch (ControlPlaneException e) {
            return Responses.done(renameRefused(r, v, p, name, DashboardPages.NAME_RULE));
        }
        return ctx.projects().rename(p.id(), name)
                .thenCompose(Audited.by(ctx, v, p.id(), "project.rename", n -> Map.of("from", p.name(), "to", n.name())))
                .thenApply(renamed -> {
            flash.put(v.flashKey(), "notice:" + p.id(), new Flash.Notice("Project renamed to \u201c" + renamed.name() + "\u201d."));
            return Responses.redirect("/projects/" + p.id() + "/settings");
        }).exceptionallyCompose(e -> DashboardPages.nameRefusal(name, Failures.unwrap(e))
                .map(message -> Responses.done(renameRefused(r, v, p, name, message)))
                .orElseGet(() -> CompletableFuture.failedFuture(e)));
    }

    private WebResponse renameRefused(ConsoleRequest r, Visitor v, Project p, String name, String message) {
        return renderSettings(v, p, new ProjectView.State(null, "", name, message), HttpStatus.BAD_REQUEST);
    }

    CompletionStage<WebResponse> delete(ConsoleRequest r, Visitor v, Project p) {
        if (!r.post()) {
            return Responses.done(Responses.html(HttpStatus.OK,
                    layout.page(v, "Delete " + p.name(), ProjectView.confirmDelete(v, p, "", ""))));
        }
        String typed = r.form().get("confirm");
        if (!typed.strip().equals(p.name())) {
            String error = typed.isBlank() ? "Type the project name to confirm."
                    : "That is not the project's name. Type \u201c" + p.name() + "\u201d exactly.";
            return Responses.done(Responses.html(HttpStatus.BAD_REQUEST,
                    layout.page(v, "Delete " + p.name(), ProjectView.confirmDelete(v, p, typed, error))));
        }
        return ctx.projects().delete(p.id())
                .thenCompose(Audited.by(ctx, v, p.id(), "project.delete", gone -> Map.of("name", p.name())))
                .thenApply(existed -> {
            flash.put(v.flashKey(), "notice", new Flash.Notice("Project \u201c" + p.name() + "\u201d was deleted. "
                    + "Its keys no longer work."));
            return Responses.redirect("/dashboard");
        });
    }
}
