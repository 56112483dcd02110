package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.webhooks.WebhookDelivery;
import io.xshathra.controlplane.webhooks.WebhookEndpoint;
import io.xshathra.controlplane.webhooks.WebhookStore;
import io.xshathra.engine.project.TenantEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The markup of a project's webhooks page: the new secret once, the endpoints, the add form, the last deliveries. */
final class WebhookView {

    /** What is stored: the endpoints, their recent attempts (newest first) and the batches waiting. */
    record Data(List<WebhookEndpoint> endpoints, List<WebhookDelivery> deliveries, int pending) {
    }

    /**
     * What one rendering shows besides the stored data.
     *
     * @param notice  a confirmation, or ""
     * @param created a new endpoint's secret to show once, or null
     * @param url     the URL typed into a refused add form
     * @param events  the events ticked in it
     * @param error   why it was refused, or ""
     */
    record State(String notice, WebhookPages.NewSecret created, String url, Set<TenantEvent.Kind> events, String error) {
        static final State EMPTY = new State("", null, "", Set.of(), "");

        static State notice(String text) {
            return new State(text, null, "", Set.of(), "");
        }

        static State created(WebhookPages.NewSecret n) {
            return new State("", n, "", Set.of(), "");
        }

        static State refused(String url, Set<TenantEvent.Kind> events, String error) {
            return new State("", null, url == null ? "" : url, events, error);
        }
    }

    private static final Map<TenantEvent.Kind, String> PURPOSE = Map.of(
            TenantEvent.Kind.CHANNEL_OCCUPIED, "the first subscriber of a channel arrived (on any node)",
            TenantEvent.Kind.CHANNEL_VACATED, "the last subscriber of a channel left",
            TenantEvent.Kind.MEMBER_ADDED, "a client joined a channel of a namespace with presence",
            TenantEvent.Kind.MEMBER_REMOVED, "a client left a channel of a namespace with presence",
            TenantEvent.Kind.CLIENT_PUBLICATION, "a client published into a channel (with its data)");

    private WebhookView() {
    }

    static Safe main(Visitor v, Project p, Data d, State s) {
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>Webhooks</h1>
                    <p class="muted">Project <strong>{}</strong> POSTs batches of events to your endpoints, signed with
                    each endpoint's secret, retried until they answer 2xx. See <code>docs/webhooks.md</code>.</p>
                  </div>
                </div>
                {}
                {}
                {}
                <div class="stack">{}{}{}</div>""", ProjectView.crumbs(p, "webhooks"), p.name(),
                ProjectView.nav(v, p, "webhooks"), Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                created(s), endpoints(v, p, d), addForm(v, p, d, s), deliveries(d));
    }

    private static Safe created(State s) {
        if (s.created() == null) {
            return Html.EMPTY;
        }
        return Layout.alert("success", t("""
                <p>Webhook <code>{}</code> was added. Its signing secret is shown only now: copy it to your receiver.</p>
                {}""", s.created().webhookId(), ProjectView.copyRow("webhook-secret", s.created().secret(), true)));
    }

    private static Safe endpoints(Visitor v, Project p, Data d) {
        if (d.endpoints().isEmpty()) {
            return Html.raw("<section class=\"card\" id=\"webhooks-none\"><h2>Endpoints</h2>"
                    + "<p class=\"muted\">No webhooks yet.</p></section>");
        }
        List<Safe> rows = new ArrayList<>();
        for (WebhookEndpoint e : d.endpoints()) {
            rows.add(t("""
                    <tr id="webhook-{}"><td class="url">{}<br><code class="small">{}</code></td><td>{}</td><td class="nowrap">{}</td>
                    <td><form method="post" action="/projects/{}/webhooks/remove">{}<input type="hidden" name="id" value="{}">
                    <button type="submit" class="btn btn-secondary">Remove</button></form></td></tr>""",
                    e.id(), e.url(), e.id(), String.join(", ", e.eventNames()),
                    Layout.time(Instant.ofEpochMilli(e.createdAt())), p.id(), Layout.csrfField(v), e.id()));
        }
        return t("""
                <section class="card card-flush" aria-labelledby="endpoints-h">
                  <div class="card-head card-flush-title"><h2 id="endpoints-h">Endpoints</h2>
                  <span class="badge" id="webhooks-pending">{} waiting</span></div>
                  <div class="table-wrap"><table class="table">
                    <thead><tr><th scope="col">URL and ID</th><th scope="col">Events</th>
                    <th scope="col">Added</th><th scope="col" aria-label="Remove"></th></tr></thead>
                    <tbody>{}</tbody>
                  </table></div>
                </section>""", d.pending(), Html.join(rows));
    }

    private static Safe addForm(Visitor v, Project p, Data d, State s) {
        if (d.endpoints().size() >= WebhookStore.MAX_ENDPOINTS_PER_PROJECT) {
            return Html.raw("<section class=\"card\"><h2>Add a webhook</h2><p class=\"muted\">This project has "
                    + WebhookStore.MAX_ENDPOINTS_PER_PROJECT + " webhooks, the most it may have.</p></section>");
        }
        Set<TenantEvent.Kind> ticked = s.error().isEmpty() ? EnumSet.allOf(TenantEvent.Kind.class) : s.events();
        List<Safe> boxes = new ArrayList<>();
        for (TenantEvent.Kind k : TenantEvent.Kind.values()) {
            boxes.add(t("""
                    <label class="check"><input type="checkbox" name="event_{}" id="event-{}"{}> <code>{}</code>
                    <span class="muted small">{}</span></label>""", k.wireName(), k.wireName(),
                    Html.when(ticked.contains(k), Html.raw(" checked")), k.wireName(), PURPOSE.get(k)));
        }
        return t("""
                <section class="card" aria-labelledby="add-h">
                  <h2 id="add-h">Add a webhook</h2>
                  <form method="post" action="/projects/{}/webhooks" class="stack">
                    {}
                    {}
                    <fieldset class="webhook-events"><legend>Events</legend>{}</fieldset>
                    {}
                    <div><button type="submit" class="btn btn-primary">Add webhook</button></div>
                  </form>
                </section>""", p.id(), Layout.csrfField(v),
                Field.of("url", "Endpoint URL", "url").value(s.url()).error(s.error().contains("event") ? "" : s.error())
                        .attrs("maxlength=\"2048\" required placeholder=\"https://backend.example.com/xshathra/webhooks\"")
                        .render(),
                Html.join(boxes),
                Html.when(s.error().contains("event"), t("<p class=\"field-error\" role=\"alert\">{}</p>", s.error())));
    }

    private static Safe deliveries(Data d) {
        if (d.deliveries().isEmpty()) {
            return Html.raw("<section class=\"card\" id=\"deliveries-none\"><h2>Last deliveries</h2>"
                    + "<p class=\"muted\">Nothing delivered yet.</p></section>");
        }
        List<Safe> rows = new ArrayList<>();
        for (WebhookDelivery x : d.deliveries().subList(0, Math.min(50, d.deliveries().size()))) {
            String status = x.status() == 0 ? "no answer" : "HTTP " + x.status();
            rows.add(t("""
                    <tr><td class="nowrap">{}</td><td><code>{}</code></td><td><span class="badge{}">{}</span></td>
                    <td class="num">{}</td><td class="num">{}</td><td class="num">{} ms</td><td>{}</td></tr>""",
                    Layout.time(Instant.ofEpochMilli(x.attemptedAt())), x.endpointId(),
                    x.succeeded() ? "" : " badge-secret", x.succeeded() ? "Delivered " + x.status() : status,
                    x.attempt(), x.eventCount(), x.durationMs(), x.error()));
        }
        return t("""
                <section class="card card-flush" aria-labelledby="deliveries-h">
                  <div class="card-head card-flush-title"><h2 id="deliveries-h">Last deliveries</h2></div>
                  <div class="table-wrap"><table class="table" id="deliveries">
                    <thead><tr><th scope="col">Time</th><th scope="col">Endpoint</th><th scope="col">Status</th>
                    <th scope="col" class="num">Attempt</th><th scope="col" class="num">Events</th>
                    <th scope="col" class="num">Took</th><th scope="col">Error</th></tr></thead>
                    <tbody>{}</tbody>
                  </table></div>
                </section>""", Html.join(rows));
    }
}
