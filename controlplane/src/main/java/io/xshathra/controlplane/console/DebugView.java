package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import java.util.List;

/** The markup of the debug tool: the publish form and the live subscriber panel. */
final class DebugView {

    /**
     * What one rendering shows.
     *
     * @param channel      the channel in both forms
     * @param data         the payload as typed
     * @param channelError error next to the channel field, or ""
     * @param dataError    error next to the payload field, or ""
     * @param result       the outcome of a publish made without JavaScript, or ""
     */
    record State(String channel, String data, String channelError, String dataError, String result) {
    }

    private DebugView() {
    }

    /** @param tokensUnavailable why the subscriber's tokens can not be minted, or null when they can */
    static Safe main(Visitor v, Project p, List<String> namespaces, String websocketPath, String tokensUnavailable,
                     State s) {
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>Debug tool</h1>
                    <p class="muted">Publish into <strong>{}</strong>'s channel space and watch what subscribers receive.</p>
                  </div>
                </div>
                {}
                <div class="grid grid-2 debug">
                {}
                {}
                </div>""", ProjectView.crumbs(p, "debug"),
                p.name(), ProjectView.nav(v, p, "debug"), publish(v, p, namespaces, s), subscriber(v, p, websocketPath, tokensUnavailable, s));
    }

    private static Safe publish(Visitor v, Project p, List<String> namespaces, State s) {
        String hint = namespaces.isEmpty() ? "This server defines no namespaces: use a plain channel name."
                : "Namespaces on this server: " + String.join(", ", namespaces) + ".";
        List<Safe> options = namespaces.stream().map(n -> t("<option value=\"{}:\"></option>", n)).toList();
        return t("""
                <section class="card" aria-labelledby="pub-h">
                  <h2 id="pub-h">Publish</h2>
                  <p class="muted small">Sent through the server API in process, exactly like
                  <code>POST /api/realtime/publish</code> with this project's key.</p>
                  <form method="post" action="/projects/{}/debug/publish" id="publish-form" class="stack" novalidate>
                    {}
                    {}
                    <datalist id="namespaces">{}</datalist>
                    {}
                    <div class="actions"><button type="submit" class="btn btn-primary">Publish</button></div>
                    <p id="publish-result" class="result" role="status" aria-live="polite">{}</p>
                  </form>
                </section>""", p.id(), Layout.csrfField(v),
                Field.of("channel", "Channel", "text").value(s.channel()).error(s.channelError()).hint(hint)
                        .attrs("required list=\"namespaces\" autocomplete=\"off\" spellcheck=\"false\"").render(),
                Html.join(options),
                Field.of("data", "JSON payload", "textarea").value(s.data()).error(s.dataError())
                        .hint("Any JSON value: an object, an array, a string, a number.")
                        .attrs("required rows=\"7\" spellcheck=\"false\" class=\"mono\"").render(),
                s.result());
    }

    private static Safe subscriber(Visitor v, Project p, String websocketPath, String tokensUnavailable, State s) {
        if (websocketPath.isEmpty() || tokensUnavailable != null) {
            return t("""
                    <section class="card" aria-labelledby="sub-h">
                      <h2 id="sub-h">Subscriber</h2>
                      <p class="alert alert-info">The live subscriber is unavailable on this server: {}.</p>
                    </section>""", websocketPath.isEmpty() ? "it needs the WebSocket endpoint, which is disabled"
                    : "it can not mint tokens the engine accepts (" + tokensUnavailable + ")");
        }
        return t("""
                <section class="card subscriber" aria-labelledby="sub-h" id="subscriber"
                         data-token-url="/projects/{}/debug/token" data-ws-path="{}">
                  <div class="card-head">
                    <h2 id="sub-h">Subscriber</h2>
                    <span class="conn-state" id="sub-state" data-state="idle" role="status" aria-live="polite">Not connected</span>
                  </div>
                  <p class="muted small">A real client in this page: it connects to <code>{}</code> as
                  <code>{}</code> with short-lived tokens for this project, so it receives exactly what your
                  subscribers receive.</p>
                  <form id="subscribe-form" class="row-form" novalidate>
                    {}
                    <button type="submit" class="btn btn-secondary" id="subscribe-btn">Subscribe</button>
                    <button type="button" class="btn btn-ghost" id="disconnect-btn" hidden>Disconnect</button>
                  </form>
                  <div class="log-head">
                    <h3 id="log-h">Received</h3>
                    <button type="button" class="btn btn-link" id="clear-log">Clear</button>
                  </div>
                  <ol class="log" id="sub-log" aria-labelledby="log-h" aria-live="polite">
                    <li class="log-empty">Nothing yet. Publish to the watched channel and it appears here.</li>
                  </ol>
                  <noscript><p class="alert alert-info">The subscriber needs JavaScript.</p></noscript>
                </section>""", p.id(), websocketPath, websocketPath, ConsoleTokens.user(v.account().id()),
                Field.of("watch", "Channel to watch", "text").value(s.channel())
                        .attrs("required list=\"namespaces\" autocomplete=\"off\" spellcheck=\"false\"").render());
    }
}
