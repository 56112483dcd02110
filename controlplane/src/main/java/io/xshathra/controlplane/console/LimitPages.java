package io.xshathra.controlplane.console;

import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.limits.ProjectLimitService;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A project's limits ({@code /projects/{id}/limits}): the page with live usage, saving the
 * project's own limits, and going back to the defaults. The caller has checked that the visitor
 * may manage the project.
 */
final class LimitPages {
    private static final String[] FIELDS = {"max_connections", "max_publications_per_second", "max_message_size"};

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;

    LimitPages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    CompletionStage<WebResponse> view(Visitor v, Project p) {
        if (ctx.limits() == null) {
            return Responses.done(layout.error(v, HttpStatus.NOT_FOUND, "Limits not available",
                    "This server does not enforce project limits."));
        }
        String notice = flash.take(v.flashKey(), "limits:" + p.id(), Flash.Notice.class)
                .map(Flash.Notice::text).orElse("");
        return render(v, p, LimitView.State.notice(notice), HttpStatus.OK);
    }

    /** {@code POST /projects/{id}/limits}: {@code action} save (the three fields) or reset. */
    CompletionStage<WebResponse> change(ConsoleRequest r, Visitor v, Project p) {
        ProjectLimitService limits = ctx.limits();
        if (limits == null) {
            return view(v, p);
        }
        if ("reset".equals(r.form().get("action"))) {
            return limits.store().reset(p.id())
                    .thenCompose(Audited.by(ctx, v, p.id(), "limits.reset", done -> Map.of()))
                    .thenApply(done -> saved(v, p, "The project uses the default limits."));
        }
        String[] typed = new String[FIELDS.length];
        Integer[] values = new Integer[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            typed[i] = r.form().get(FIELDS[i]) == null ? "" : r.form().get(FIELDS[i]).strip();
            try {
                values[i] = typed[i].isEmpty() ? null : Integer.valueOf(typed[i]);
            } catch (NumberFormatException e) {
                return render(v, p, new LimitView.State("", typed, FIELDS[i]
                        + " must be a whole number from 0 (no limit) to 2147483647, or empty for the default."),
                        HttpStatus.BAD_REQUEST);
            }
        }
        LimitOverrides wanted;
        try {
            wanted = new LimitOverrides(values[0], values[1], values[2]);
        } catch (ControlPlaneException e) {
            return render(v, p, new LimitView.State("", typed, e.getMessage()), HttpStatus.BAD_REQUEST);
        }
        // The form shows every limit, an empty field meaning the default: the stored overrides are replaced whole.
        return limits.store().replace(p.id(), wanted)
                .thenCompose(Audited.by(ctx, v, p.id(), "limits.set", done -> Map.of(
                        "max_connections", orDefault(wanted.maxConnections()),
                        "max_publications_per_second", orDefault(wanted.maxPublicationsPerSecond()),
                        "max_message_size", orDefault(wanted.maxMessageSize()))))
                .thenApply(done -> saved(v, p, "The project's limits were saved."));
    }

    private CompletionStage<WebResponse> render(Visitor v, Project p, LimitView.State s, HttpStatus status) {
        ProjectLimitService limits = ctx.limits();
        return limits.store().of(p.id()).thenApply(own -> Responses.html(status, layout.page(v, "Limits · " + p.name(),
                LimitView.main(v, p, own, limits.limiter().usage(p.id()), s))));
    }

    private WebResponse saved(Visitor v, Project p, String notice) {
        flash.put(v.flashKey(), "limits:" + p.id(), new Flash.Notice(notice));
        return Responses.redirect("/projects/" + p.id() + "/limits");
    }

    private static String orDefault(Integer limit) {
        return limit == null ? "default" : limit.toString();
    }
}
