package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.usage.HourSlots;
import io.xshathra.controlplane.usage.UsageMinute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The markup of the usage page: one card per figure with its total (or peak) in text, the
 * minutes as JSON for {@code usage.js} to draw (numbers only, so nothing in it can end the
 * script element), and a note for readers without JavaScript.
 */
final class UsageView {

    /** Figure id (the JSON key and the chart's), heading, what the card's number is, and whether it is a peak. */
    private record Figure(String id, String title, String unit, boolean peak, ToLongFunction<UsageMinute> value) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("connections", "Connections", "peak", true, UsageMinute::connections),
            new Figure("publicationsIn", "Publications in", "total", false, UsageMinute::publicationsIn),
            new Figure("deliveriesOut", "Deliveries out", "total", false, UsageMinute::deliveriesOut),
            new Figure("webhookDeliveries", "Webhook deliveries", "total", false, UsageMinute::webhookDeliveries));

    private UsageView() {
    }

    static Safe main(Visitor v, Project p, List<UsageMinute> minutes, long fromMs, boolean recorded, String assetVersion) {
        if (!recorded) {
            return t("{}{}", ProjectView.head(v, p, "usage"),
                    Layout.alert("info", Html.raw("This server does not record usage.")));
        }
        List<Safe> cards = new ArrayList<>();
        for (Figure f : FIGURES) {
            cards.add(card(f, minutes));
        }
        return t("""
                {}
                <p class="muted">Per minute over the last 24 hours, all nodes together, from {} to {}.
                Connections are the highest count sampled in each minute; the other figures are counts.
                The current minute is still filling up.</p>
                <script type="application/json" id="usage-data">{}</script>
                <div class="grid grid-2 usage-charts">
                {}
                </div>
                <noscript><p class="muted">Turn on JavaScript to see the charts; the figures above each are
                complete without it, and <code>GET /api/realtime/usage</code> returns every minute.</p></noscript>
                <script src="/console/assets/usage.js?v={}" defer></script>""",
                ProjectView.head(v, p, "usage"), Layout.time(Instant.ofEpochMilli(fromMs)),
                Layout.time(Instant.ofEpochMilli(fromMs + minutes.size() * HourSlots.MINUTE_MS)),
                Html.raw(json(minutes, fromMs)), Html.join(cards), assetVersion);
    }

    private static Safe card(Figure f, List<UsageMinute> minutes) {
        long figure = 0;
        for (UsageMinute m : minutes) {
            long x = f.value().applyAsLong(m);
            figure = f.peak() ? Math.max(figure, x) : figure + x;
        }
        return t("""
                <figure class="card usage-chart" id="chart-{}" data-series="{}" data-title="{}">
                  <figcaption class="card-head"><h2>{}</h2>
                  <p class="usage-figure"><span class="muted">{}, 24 h</span> <strong>{}</strong></p></figcaption>
                  <div class="usage-plot"></div>
                </figure>""", f.id(), f.id(), f.title(), f.title(), f.unit(), String.format("%,d", figure));
    }

    /** {@code {"fromMs":…,"stepMs":60000,"connections":[…],…}}: numbers only. */
    static String json(List<UsageMinute> minutes, long fromMs) {
        StringBuilder out = new StringBuilder(minutes.size() * 12 + 200);
        out.append("{\"fromMs\":").append(fromMs).append(",\"stepMs\":").append(HourSlots.MINUTE_MS);
        for (Figure f : FIGURES) {
            out.append(",\"").append(f.id()).append("\":[");
            for (int i = 0; i < minutes.size(); i++) {
                out.append(i == 0 ? "" : ",").append(f.value().applyAsLong(minutes.get(i)));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }
}
