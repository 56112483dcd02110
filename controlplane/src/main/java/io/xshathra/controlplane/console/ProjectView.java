package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.engine.tenant.TenantStats;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The markup of a project's overview (keys, live figures, code snippets), its section tabs, and the deletion confirmation. */
final class ProjectView {

    /**
     * What one rendering shows besides the project.
     *
     * @param newKey      the new server key to show in full (once), or null
     * @param notice      a confirmation, or ""
     * @param renameValue the name typed into the rename form
     * @param renameError the error next to it, or ""
     */
    record State(Flash.NewKey newKey, String notice, String renameValue, String renameError) {
    }

    private ProjectView() {
    }

    static Safe main(ConsoleRequest r, Visitor v, Project p, TenantStats.ProjectStats stats, State s,
                     Snippets.Target target) {
        return t("""
                {}
                {}{}
                <div class="grid grid-2">
                {}
                {}
                </div>
                {}""", head(v, p, "overview"),
                Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                s.newKey() == null ? Html.EMPTY : keyAlert(s.newKey()),
                keys(v, p, s.newKey()), live(p, stats), snippets(r, p, target));
    }

    /** The project's pages, one tab each: id, label, path, and which roles see the tab. */
    private record Section(String id, String label, String path, Predicate<ProjectRole> shown) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("overview", "Overview", "", r -> true),
            new Section("backends", "Backends", "/backends", ProjectRole::mayConfigure),
            new Section("namespaces", "Namespaces", "/namespaces", r -> true),
            new Section("webhooks", "Webhooks", "/webhooks", ProjectRole::mayConfigure),
            new Section("debug", "Debug", "/debug", ProjectRole::mayDebug),
            new Section("limits", "Limits", "/limits", r -> true),
            new Section("usage", "Usage", "/usage", r -> true),
            new Section("settings", "Settings", "/settings", ProjectRole::mayUseKeys),
            new Section("members", "Members", "/members", r -> true),
            new Section("audit", "Audit log", "/audit", ProjectRole::mayAdminister));

    /**
     * The top of every project page: breadcrumbs, the name and id, and the section tabs the
     * visitor's role may open.
     *
     * @param current which section is shown ({@code overview}, {@code backends}, {@code debug},
     *                {@code settings}, {@code members}, {@code audit})
     */
    static Safe head(Visitor v, Project p, String current) {
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>{}</h1>
                    <p class="muted">Project ID <code>{}</code> · created {}{}</p>
                  </div>
                </div>
                {}""", crumbs(p, current), p.name(), p.id(), Layout.time(p.createdAt()),
                Html.when(v.role() != null && !v.account().admin(), t(" · your role: <strong id=\"my-role\">{}</strong>",
                        v.role() == null ? "" : v.role().id())), nav(v, p, current));
    }

    /** The breadcrumbs of a project section. */
    static Safe crumbs(Project p, String current) {
        for (Section s : SECTIONS) {
            if (s.id().equals(current) && !s.path().isEmpty()) {
                return Layout.crumbs("Projects", "/dashboard", p.name(), "/projects/" + p.id(), s.label());
            }
        }
        return Layout.crumbs("Projects", "/dashboard", p.name());
    }

    /** The section tabs the visitor's role may open, the current one marked. */
    static Safe nav(Visitor v, Project p, String current) {
        List<Safe> links = new ArrayList<>();
        for (Section s : SECTIONS) {
            if (v.may(s.shown())) {
                links.add(t("<li><a href=\"/projects/{}{}\" id=\"nav-{}\"{}>{}</a></li>", p.id(), s.path(), s.id(),
                        Html.when(s.id().equals(current), Html.raw(" aria-current=\"page\"")), s.label()));
            }
        }
        return t("<nav class=\"tabs-nav\" aria-label=\"Project sections\"><ul>{}</ul></nav>", Html.join(links));
    }

    private static Safe keyAlert(Flash.NewKey k) {
        if (!k.rotated()) {
            return Layout.alert("success", Html.raw("<strong>Project created.</strong> Copy the server key below "
                    + "now: it is shown in full only this once."));
        }
        Safe previous = k.previousKeyValidUntil() == null
                ? Html.raw("The previous key stopped working immediately.")
                : t("The previous key keeps working until {}.", Layout.time(k.previousKeyValidUntil()));
        return Layout.alert("success", t("<strong>Server key rotated.</strong> {} Copy the new key below now: it is "
                + "shown in full only this once.", previous));
    }

    private static Safe keys(Visitor v, Project p, Flash.NewKey newKey) {
        Safe server = !v.may(ProjectRole::mayUseKeys) ? Html.raw("<p class=\"muted small\" id=\"server-key-hidden\">"
                + "Only the project's owners and developers see the server key.</p>") : newKey == null ? t("""
                <div class="key-row"><code class="key" id="server-key-hint">{}…</code></div>
                <p class="muted small">Shown in full only once, when it was created or rotated. Lost it? Rotate it in <a href="/projects/{}/settings">Settings</a>.</p>""",
                p.serverKeyHint(), p.id())
                : t("""
                <p class="callout"><strong>Copy it now.</strong> This is the only time the full server key is shown.
                Keep it in your backend's secret store; never ship it to browsers or apps.</p>
                {}""", copyRow("server-key", newKey.serverApiKey(), true));
        return t("""
                <section class="card" aria-labelledby="keys-h">
                  <h2 id="keys-h">API keys</h2>
                  <div class="key-block">
                    <div class="key-title"><h3>Client key</h3><span class="badge">Public</span></div>
                    <p class="muted small">Identifies your app to browser and mobile clients. Safe to ship in client code.</p>
                    {}
                  </div>
                  <div class="key-block">
                    <div class="key-title"><h3>Server key</h3><span class="badge badge-secret">Secret</span></div>
                    {}
                  </div>
                </section>""", copyRow("client-key", p.clientApiKey(), false), server);
    }

    /** A key with a Copy button; the confirmation is announced politely. */
    static Safe copyRow(String id, String value, boolean secret) {
        return t("""
                <div class="key-row">
                  <code class="key{}" id="{}">{}</code>
                  <button type="button" class="btn btn-secondary btn-copy" data-copy="{}">Copy<span class="sr-only"> {}</span></button>
                </div>
                <p class="copied" id="{}-status" role="status" aria-live="polite"></p>""",
                secret ? " key-secret" : "", id, value, id, id.replace('-', ' '), id);
    }

    private static Safe live(Project p, TenantStats.ProjectStats st) {
        return t("""
                <section class="card live" aria-labelledby="live-h" data-stats-url="/projects/{}/stats">
                  <div class="card-head">
                    <h2 id="live-h">Live</h2>
                    <span class="live-state" id="live-state" role="status" aria-live="polite">Updates every 2 seconds</span>
                  </div>
                  <dl class="stats" aria-live="polite">
                    <div class="stat"><dt>Connections</dt><dd data-stat="connections">{}</dd></div>
                    <div class="stat"><dt>Users</dt><dd data-stat="users">{}</dd></div>
                    <div class="stat"><dt>Channels</dt><dd data-stat="channels">{}</dd></div>
                    <div class="stat"><dt>Publications/s</dt><dd data-stat="rate">–</dd></div>
                  </dl>
                  <p class="muted small">Figures of this server node. Publications since start:
                  <span data-stat="publications">{}</span>.</p>
                  <p class="small live-hint">Want to see traffic? <a href="/projects/{}/debug">Publish a test message
                  and watch it arrive</a> in the debug tool.</p>
                </section>""", p.id(), st.connections(), st.users(), st.channels(), st.publications(), p.id());
    }

    private static Safe snippets(ConsoleRequest r, Project p, Snippets.Target target) {
        List<Snippets.Tab> tabs = Snippets.forProject(r.origin(), target.wsPath(), p.clientApiKey(), target.channel());
        List<Safe> buttons = new ArrayList<>();
        List<Safe> panels = new ArrayList<>();
        for (int i = 0; i < tabs.size(); i++) {
            Snippets.Tab tab = tabs.get(i);
            buttons.add(t("<button type=\"button\" role=\"tab\" class=\"tab\" id=\"tab-{}\" aria-controls=\"panel-{}\" "
                    + "aria-selected=\"{}\">{}</button>", tab.id(), tab.id(), i == 0, tab.label()));
            List<Safe> blocks = new ArrayList<>();
            for (Snippets.Block b : tab.blocks()) {
                blocks.add(t("""
                        <div class="snippet">
                          <div class="snippet-head"><h3>{}</h3>
                          <button type="button" class="btn btn-secondary btn-copy btn-small" data-copy="{}">Copy<span class="sr-only"> {} ({})</span></button></div>
                          <pre class="code"><code id="{}">{}</code></pre>
                          <p class="copied" id="{}-status" role="status" aria-live="polite"></p>
                        </div>""", b.title(), b.id(), b.title(), tab.label(), b.id(), b.code(), b.id()));
            }
            panels.add(t("<div class=\"tab-panel\" role=\"tabpanel\" id=\"panel-{}\" aria-labelledby=\"tab-{}\">"
                    + "<h3 class=\"tab-panel-title\">{}</h3>{}</div>", tab.id(), tab.id(), tab.label(), Html.join(blocks)));
        }
        return t("""
                <section class="card" aria-labelledby="snippets-h" id="snippets">
                  <h2 id="snippets-h">Call it from your code</h2>
                  <p class="muted small">Your backend mints tokens and publishes with the server key; keep it in the
                  <code>{}</code> environment variable (never in a browser or app). Browsers connect with the token
                  your backend hands them.</p>
                  <div class="tabs" data-tabs>
                    <div class="tablist" role="tablist" aria-label="Language" hidden>{}</div>
                    {}
                  </div>
                </section>""", Snippets.KEY_VARIABLE, Html.join(buttons), Html.join(panels));
    }

    /** The confirmation page: the person types the project's name. */
    static Safe confirmDelete(Visitor v, Project p, String typed, String error) {
        return t("""
                {}
                <div class="narrow">
                  <h1>Delete “{}”?</h1>
                  <div class="card card-danger stack">
                    <p>This deletes the project <strong>{}</strong> (<code>{}</code>). Its server and client keys stop
                    working at once and every connected client of the project is disconnected.
                    <strong>This cannot be undone.</strong></p>
                    <form method="post" action="/projects/{}/delete" class="stack">
                      {}
                      {}
                      <div class="actions">
                        <button type="submit" class="btn btn-danger">Delete this project</button>
                        <a class="btn btn-secondary" href="/projects/{}/settings">Cancel</a>
                      </div>
                    </form>
                  </div>
                </div>""", Layout.crumbs("Projects", "/dashboard", p.name(), "/projects/" + p.id(),
                        "Settings", "/projects/" + p.id() + "/settings", "Delete"),
                p.name(), p.name(), p.id(), p.id(), Layout.csrfField(v),
                Field.of("confirm", "Type the project name to confirm", "text").value(typed).error(error)
                        .hint("Enter \u201c" + p.name() + "\u201d exactly.")
                        .attrs("required autocomplete=\"off\" spellcheck=\"false\" autofocus").render(), p.id());
    }
}
