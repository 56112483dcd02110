package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectProxies;
import io.xshathra.controlplane.ProjectProxy;
import io.xshathra.controlplane.ProxyKind;
import io.xshathra.controlplane.console.Html.Safe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The markup of a project's backends page: one form per {@link ProxyKind}, the signing secret. */
final class BackendView {

    /**
     * What one rendering shows besides the saved endpoints.
     *
     * @param notice  a confirmation, or ""
     * @param kind    the kind whose form was refused, or null
     * @param url     the URL typed into that form
     * @param timeout the timeout typed into that form, in milliseconds
     * @param error   why it was refused
     */
    record State(String notice, ProxyKind kind, String url, String timeout, String error) {
        static State notice(String text) {
            return new State(text, null, "", "", "");
        }
    }

    private static final Map<ProxyKind, String> PURPOSE = Map.of(
            ProxyKind.CONNECT, "A client connects without a connection token. Your backend answers with the user "
                    + "(or refuses): the connection then lives in this project.",
            ProxyKind.REFRESH, "A connection your connect backend gave an expiry is about to expire. Your backend "
                    + "extends it or lets it end.",
            ProxyKind.SUBSCRIBE, "A client subscribes without a subscription token (private $ and user-limited # "
                    + "channels excepted). Your backend allows or refuses, before the namespace's own rules.",
            ProxyKind.PUBLISH, "A client publishes. Your backend allows, refuses or rewrites the data, before the "
                    + "namespace's own rules.",
            ProxyKind.SUB_REFRESH, "A subscription your subscribe backend gave an expiry is about to expire. Your "
                    + "backend extends it or ends it.",
            ProxyKind.RPC, "A client calls rpc. Your backend's answer goes back to the client.");

    private BackendView() {
    }

    static Safe main(Visitor v, Project p, ProjectProxies proxies, State s) {
        List<Safe> forms = new ArrayList<>();
        for (ProxyKind k : ProxyKind.values()) {
            forms.add(form(v, p, k, proxies.endpoint(k).orElse(null), s));
        }
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>Backends</h1>
                    <p class="muted">Let your own backend decide for project <strong>{}</strong>: who connects, who
                    subscribes, what is published, and what an RPC answers. Requests and replies are those of
                    Centrifugo's HTTP proxies, so existing backends work unchanged. See
                    <code>docs/proxies.md</code>.</p>
                  </div>
                </div>
                {}
                {}
                {}
                <div class="stack">{}</div>""", ProjectView.crumbs(p, "backends"), p.name(),
                ProjectView.nav(v, p, "backends"), Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                secret(v, p, proxies), Html.join(forms));
    }

    private static Safe secret(Visitor v, Project p, ProjectProxies proxies) {
        Safe value = proxies.signingSecret().isEmpty()
                ? Html.raw("<p class=\"muted small\" id=\"signing-secret-none\">No secret yet: one is created with "
                        + "the first backend.</p>")
                : ProjectView.copyRow("signing-secret", proxies.signingSecret(), true);
        return t("""
                <section class="card" aria-labelledby="secret-h">
                  <h2 id="secret-h">Signing secret</h2>
                  <p class="muted small">Every call carries <code>X-Xshathra-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex
                  HMAC-SHA256 of "t." + body&gt;</code> made with this secret. Check it in your backend and refuse
                  calls older than five minutes.</p>
                  {}
                  {}
                </section>""", value, Html.when(!proxies.signingSecret().isEmpty(), t("""
                  <form method="post" action="/projects/{}/backends/secret" class="row-form">
                    {}
                    <button type="submit" class="btn btn-warning">New secret</button>
                  </form>""", p.id(), Layout.csrfField(v))));
    }

    private static Safe form(Visitor v, Project p, ProxyKind k, ProjectProxy saved, State s) {
        boolean refused = s.kind() == k;
        String url = refused ? s.url() : saved == null ? "" : saved.endpoint().toString();
        String timeout = refused ? s.timeout() : saved == null ? "1000" : Long.toString(saved.timeout().toMillis());
        String id = k.id();
        Safe remove = Html.when(saved != null, t("""
                <button type="submit" name="action" value="remove" class="btn btn-secondary">Remove</button>"""));
        return t("""
                <section class="card" aria-labelledby="{}-h">
                  <div class="card-head"><h2 id="{}-h">{}</h2><span class="badge" id="{}-state">{}</span></div>
                  <p class="muted small">{}</p>
                  <form method="post" action="/projects/{}/backends" class="row-form">
                    {}
                    <input type="hidden" name="kind" value="{}">
                    {}
                    {}
                    <button type="submit" name="action" value="save" class="btn btn-primary">Save</button>
                    {}
                  </form>
                </section>""", id, id, k.id(), id, saved == null ? "Off" : "On", PURPOSE.get(k), p.id(),
                Layout.csrfField(v), id,
                Field.of("url_" + id, "Endpoint URL", "url").value(url).error(refused ? s.error() : "")
                        .attrs("maxlength=\"2048\" placeholder=\"https://backend.example.com/centrifugo/" + id + "\"")
                        .render(),
                Field.of("timeout_" + id, "Timeout (ms)", "number").value(timeout)
                        .attrs("min=\"100\" max=\"30000\" step=\"100\"").render(),
                remove);
    }
}
