package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.limits.LimitOverrides;
import io.xshathra.controlplane.limits.LimitSettings;
import io.xshathra.controlplane.limits.ProjectLimiter;

/** The markup of a project's limits page: usage against each limit, and the project's own limits. */
final class LimitView {

    /**
     * What one rendering shows besides the stored limits.
     *
     * @param notice a confirmation, or ""
     * @param values what was typed into the form when it was refused (connections, rate, size), or null
     * @param error  why it was refused, or ""
     */
    record State(String notice, String[] values, String error) {
        static State notice(String text) {
            return new State(text, null, "");
        }
    }

    private LimitView() {
    }

    static Safe main(Visitor v, Project p, LimitOverrides own, ProjectLimiter.Usage usage, State s) {
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>Limits</h1>
                    <p class="muted">How much project <strong>{}</strong> may use. A connect over the connection
                    limit is refused (close code 3504); a publication over the rate or size is refused to the
                    client (errors 111 and 106) and to your backend (HTTP 429 and 413). See
                    <code>docs/limits.md</code>.</p>
                  </div>
                </div>
                {}
                {}
                <div class="grid grid-2">
                {}
                {}
                </div>""", ProjectView.crumbs(p, "limits"), p.name(), ProjectView.nav(v, p, "limits"),
                Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                usage(usage), form(v, p, own, s));
    }

    private static Safe usage(ProjectLimiter.Usage u) {
        LimitSettings l = u.limits();
        return t("""
                <section class="card" aria-labelledby="usage-h" id="limits-usage">
                  <h2 id="usage-h">Usage now</h2>
                  <dl class="stats">
                    <div class="stat"><dt>Connections</dt><dd id="usage-connections">{} / {}</dd></div>
                    <div class="stat"><dt>Publications/s</dt><dd id="usage-rate">{} / {}</dd></div>
                    <div class="stat"><dt>Message size</dt><dd id="usage-size">{}</dd></div>
                  </dl>
                  <p class="muted small">Connections are the cluster's ({} node{}; other nodes' counts arrive every
                  few seconds). Publications per second are this node's, which admits its share of the limit.</p>
                </section>""", u.connections(), max(l.maxConnections(), ""), u.publicationsPerSecond(),
                max(l.maxPublicationsPerSecond(), l.maxPublicationsPerSecond() > 0 && u.nodes() > 1
                        ? " (this node: " + share(l.maxPublicationsPerSecond(), u.nodes()) + ")" : ""),
                l.maxMessageSize() == 0 ? "no limit" : l.maxMessageSize() + " bytes", u.nodes(),
                u.nodes() == 1 ? "" : "s");
    }

    private static Safe form(Visitor v, Project p, LimitOverrides own, State s) {
        String[] values = s.values() != null ? s.values() : new String[] {text(own.maxConnections()),
            text(own.maxPublicationsPerSecond()), text(own.maxMessageSize())};
        return t("""
                <section class="card" aria-labelledby="own-h">
                  <h2 id="own-h">This project's limits</h2>
                  <p class="muted small">Leave a field empty to use the server's default; 0 means no limit for this
                  project. Every node applies a change within about two seconds.</p>
                  {}
                  <form method="post" action="/projects/{}/limits" class="stack">
                    {}
                    {}
                    {}
                    {}
                    <div class="row-form">
                      <button type="submit" name="action" value="save" class="btn btn-primary">Save limits</button>
                      <button type="submit" name="action" value="reset" class="btn btn-secondary">Use the defaults</button>
                    </div>
                  </form>
                </section>""", Html.when(!s.error().isEmpty(), Layout.alert("danger", t("{}", s.error()))), p.id(),
                Layout.csrfField(v),
                field("max_connections", "Maximum connections", values[0]),
                field("max_publications_per_second", "Maximum publications per second", values[1]),
                field("max_message_size", "Maximum message size (bytes)", values[2]));
    }

    private static Safe field(String name, String label, String value) {
        return Field.of(name, label, "number").value(value).hint("Empty: the default.")
                .attrs("min=\"0\" max=\"2147483647\" step=\"1\" inputmode=\"numeric\"").render();
    }

    private static String max(int limit, String suffix) {
        return limit == 0 ? "no limit" : limit + suffix;
    }

    private static int share(int max, int nodes) {
        return (int) Math.max(1, ((long) max + nodes - 1) / nodes);
    }

    private static String text(Integer v) {
        return v == null ? "" : v.toString();
    }
}
