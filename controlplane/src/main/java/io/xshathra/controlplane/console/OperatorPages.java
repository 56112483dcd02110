package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.api.NodeInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * The operator page ({@code /operator}, administrators only; the handler checks the role): the
 * engine's nodes as the server API's {@code info} lists them, read in process, with the product
 * version, the engine, the database kind and the health check's state.
 */
final class OperatorPages {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final ConsoleContext ctx;
    private final Layout layout;

    OperatorPages(ConsoleContext ctx, Layout layout) {
        this.ctx = ctx;
        this.layout = layout;
    }

    CompletionStage<WebResponse> page(Visitor v) {
        boolean healthy = ctx.deployment().healthy().getAsBoolean();
        return ctx.api().execute(new ApiRequests.Info()).thenApply(result -> {
            Safe nodes = result instanceof ApiResult.Nodes n ? nodes(n.nodes())
                    : Layout.alert("error", Html.raw("The engine did not list its nodes. Try again in a moment."));
            return Responses.html(HttpStatus.OK, layout.page(v, "Operator", main(healthy, nodes)));
        });
    }

    private Safe main(boolean healthy, Safe nodes) {
        Deployment d = ctx.deployment();
        return t("""
                <div class="page-head">
                  <div>
                    <h1>Operator</h1>
                    <p class="muted">This deployment's nodes and health, as of {}. Reload the page to update.</p>
                  </div>
                </div>
                <section class="card" aria-labelledby="deploy-h">
                  <h2 id="deploy-h">Deployment</h2>
                  <dl class="facts">
                    <div><dt>Health</dt><dd id="health" data-healthy="{}"><span class="health {}">{}</span></dd></div>
                    <div><dt>Version</dt><dd id="product-version">{}</dd></div>
                    <div><dt>Engine</dt><dd id="engine">{}</dd></div>
                    <div><dt>Database</dt><dd id="database">{}</dd></div>
                  </dl>
                  <p class="muted small">Health is what <code>/realtime/health</code> answers: healthy while the
                  engine's storage (Redis, when configured) answers.</p>
                </section>
                <section class="card card-flush" aria-labelledby="nodes-h">
                  <h2 id="nodes-h" class="card-flush-title">Nodes</h2>
                  {}
                </section>""", CLOCK.format(ctx.clock().instant()), healthy, healthy ? "is-ok" : "is-bad",
                healthy ? "Healthy" : "Unhealthy: engine storage unreachable", d.productVersion(), d.engine(),
                d.database(), nodes);
    }

    private static Safe nodes(List<NodeInfo> nodes) {
        List<Safe> rows = new ArrayList<>();
        nodes.stream().sorted(Comparator.comparing(NodeInfo::name)).forEach(n -> rows.add(t("""
                <tr><td><span class="strong">{}</span><br><code class="small">{}</code></td><td class="nowrap">{}</td><td class="nowrap">{}</td>\
                <td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>""",
                n.name(), n.uid(), n.version(), uptime(n.uptimeSeconds()), n.numClients(), n.numUsers(),
                n.numSubs(), n.numChannels())));
        return t("""
                <div class="table-wrap"><table class="table" id="nodes">
                  <caption class="sr-only">The engine's nodes</caption>
                  <thead><tr><th scope="col">Node</th><th scope="col">Version</th><th scope="col">Uptime</th>
                  <th scope="col" class="num">Clients</th><th scope="col" class="num">Users</th>
                  <th scope="col" class="num">Subscriptions</th><th scope="col" class="num">Channels</th></tr></thead>
                  <tbody>{}</tbody>
                </table></div>""", Html.join(rows));
    }

    /** {@code 2d 3h 04m}, {@code 5h 06m}, {@code 7m 08s}. */
    static String uptime(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (d > 0) {
            return String.format(Locale.ROOT, "%dd %dh %02dm", d, h, m);
        }
        if (h > 0) {
            return String.format(Locale.ROOT, "%dh %02dm", h, m);
        }
        return String.format(Locale.ROOT, "%dm %02ds", m, s);
    }
}
