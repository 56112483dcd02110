package io.xshathra.controlplane.console;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.usage.HourSlots;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A project's usage ({@code /projects/{id}/usage}): four charts of the last 24 hours per minute,
 * read from the same recorder as {@code GET /api/realtime/usage}. The caller has checked that
 * the visitor may manage the project.
 */
final class UsagePages {
    private static final long DAY_MS = 24 * HourSlots.HOUR_MS;

    private final ConsoleContext ctx;
    private final Layout layout;

    UsagePages(ConsoleContext ctx, Layout layout) {
        this.ctx = ctx;
        this.layout = layout;
    }

    CompletionStage<WebResponse> view(Visitor v, Project p) {
        if (ctx.usage() == null) {
            return Responses.done(render(v, p, List.of(), 0));
        }
        long to = HourSlots.minuteOf(ctx.usage().clock().millis()) + HourSlots.MINUTE_MS;
        return ctx.usage().read(p.id(), to - DAY_MS, to).thenApply(minutes -> render(v, p, minutes, to - DAY_MS));
    }

    private WebResponse render(Visitor v, Project p, List<io.xshathra.controlplane.usage.UsageMinute> minutes,
                               long fromMs) {
        return Responses.html(HttpStatus.OK, layout.page(v, "Usage · " + p.name(),
                UsageView.main(v, p, minutes, fromMs, ctx.usage() != null, layout.assetVersion())));
    }
}
