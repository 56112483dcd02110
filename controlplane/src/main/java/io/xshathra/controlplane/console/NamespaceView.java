package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.NamespaceSet;
import io.xshathra.controlplane.NamespaceSettings;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The markup of a project's namespaces page: one form per namespace, and one to add a namespace. */
final class NamespaceView {

    /**
     * What one rendering shows besides the saved namespaces.
     *
     * @param notice  a confirmation, or ""
     * @param name    the namespace whose form was refused ("" for none), or the name typed into the new one
     * @param options the options typed into that form
     * @param error   why it was refused, or ""
     * @param isNew   whether the refused form was the one adding a namespace
     */
    record State(String notice, String name, String options, String error, boolean isNew) {
        static State notice(String text) {
            return new State(text, "", "", "", false);
        }
    }

    private NamespaceView() {
    }

    static Safe main(Visitor v, Project p, NamespaceSet set, State s) {
        List<Safe> forms = new ArrayList<>();
        for (Map.Entry<String, String> e : set.namespaces().entrySet()) {
            boolean refused = !s.isNew() && s.name().equals(e.getKey()) && !s.error().isEmpty();
            forms.add(existing(v, p, e.getKey(), refused ? s.options() : e.getValue(), refused ? s.error() : ""));
        }
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>Namespaces</h1>
                    <p class="muted">The namespaces of project <strong>{}</strong>: a channel <code>name:rest</code>
                    takes the options of namespace <code>name</code>. The options are those of one
                    <code>channel.namespaces</code> entry of the server configuration, as JSON. Changes apply at once
                    to new subscriptions and requests; connections already subscribed keep their subscriptions.
                    See <code>docs/controlplane.md</code>.</p>
                  </div>
                </div>
                {}
                {}
                {}
                <div class="stack" id="namespace-list">{}</div>""", ProjectView.crumbs(p, "namespaces"), p.name(),
                ProjectView.nav(v, p, "namespaces"), Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                add(v, p, set, s), forms.isEmpty()
                        ? Html.raw("<p class=\"muted\" id=\"namespaces-none\">This project has no namespaces: only channels"
                                + " without one (no <code>:</code>) can be used.</p>")
                        : Html.join(forms));
    }

    private static Safe add(Visitor v, Project p, NamespaceSet set, State s) {
        boolean full = set.namespaces().size() >= NamespaceSettings.MAX_NAMESPACES;
        return t("""
                <section class="card" aria-labelledby="ns-new-h">
                  <h2 id="ns-new-h">Add a namespace</h2>
                  {}
                  <form method="post" action="/projects/{}/namespaces" class="stack" id="namespace-new">
                    {}
                    {}
                    {}
                    <div><button type="submit" name="action" value="save" class="btn btn-primary">Add</button></div>
                  </form>
                </section>""",
                Html.when(full, Html.raw("<p class=\"muted small\">A project has at most "
                        + NamespaceSettings.MAX_NAMESPACES + " namespaces.</p>")),
                p.id(), Layout.csrfField(v),
                Field.of("name", "Name", "text").value(s.isNew() ? s.name() : "")
                        .error(s.isNew() && s.error().startsWith("Name") ? s.error() : "")
                        .hint("Letters, digits, - _ and . (2 to " + NamespaceSettings.MAX_NAME_LENGTH + " characters).")
                        .attrs("required maxlength=\"" + NamespaceSettings.MAX_NAME_LENGTH
                                + "\" pattern=\"[a-zA-Z0-9_.\\-]{2,}\" autocomplete=\"off\" spellcheck=\"false\"").render(),
                Field.of("options", "Options (JSON)", "textarea").value(s.isNew() ? s.options()
                                : "{\"allow_subscribe_for_client\": true, \"history_size\": 10, \"history_ttl\": \"300s\"}")
                        .error(s.isNew() && !s.error().startsWith("Name") ? s.error() : "")
                        .hint("For example {\"presence\": true, \"join_leave\": true}. Options that reach the server's own"
                                + " backends (proxies, shared poll) and channel_regex are not available to projects.")
                        .attrs("required rows=\"4\" spellcheck=\"false\" class=\"mono\" maxlength=\""
                                + NamespaceSettings.MAX_OPTIONS_BYTES + "\"").render());
    }

    private static Safe existing(Visitor v, Project p, String name, String options, String error) {
        return t("""
                <section class="card" aria-labelledby="ns-{}-h">
                  <div class="card-head"><h2 id="ns-{}-h"><code>{}</code></h2></div>
                  <form method="post" action="/projects/{}/namespaces" class="stack" id="namespace-{}">
                    {}
                    <input type="hidden" name="name" value="{}">
                    {}
                    <div class="row-form">
                      <button type="submit" name="action" value="save" class="btn btn-primary">Save</button>
                      <button type="submit" name="action" value="remove" class="btn btn-secondary">Remove</button>
                    </div>
                  </form>
                </section>""", name, name, name, p.id(), name, Layout.csrfField(v), name,
                Field.of("options-" + name, "Options (JSON)", "textarea").value(options).error(error)
                        .attrs("required rows=\"3\" spellcheck=\"false\" class=\"mono\" maxlength=\""
                                + NamespaceSettings.MAX_OPTIONS_BYTES + "\"").render());
    }
}
