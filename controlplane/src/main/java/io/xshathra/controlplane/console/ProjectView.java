package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.engine.tenant.TenantStats;

/** The markup of a project's page: keys, live figures, rotation, renaming, the way to deletion. */
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

    static Safe main(ConsoleRequest r, Visitor v, Project p, TenantStats.ProjectStats stats, State s) {
        return t("""
                {}
                <div class="page-head">
                  <div>
                    <h1>{}</h1>
                    <p class="muted">Project ID <code>{}</code> · created {}</p>
                  </div>
                  <div class="actions">
                    <a class="btn btn-secondary" href="/projects/{}/backends">Backends</a>
                    <a class="btn btn-secondary" href="/projects/{}/debug">Open debug tool</a>
                  </div>
                </div>
                {}{}
                <div class="grid grid-2">
                {}
                {}
                </div>
                {}
                <div class="grid grid-2">
                {}
                {}
                </div>
                {}""", Layout.crumbs("Projects", "/dashboard", p.name()), p.name(), p.id(),
                Layout.time(p.createdAt()), p.id(), p.id(),
                Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                s.newKey() == null ? Html.EMPTY : keyAlert(s.newKey()),
                keys(r, p, s.newKey()), live(p, stats), rotate(v, p), rename(v, p, s), danger(p), rotateClient(v, p));
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

    private static Safe keys(ConsoleRequest r, Project p, Flash.NewKey newKey) {
        Safe server = newKey == null ? t("""
                <div class="key-row"><code class="key" id="server-key-hint">{}…</code></div>
                <p class="muted small">Shown in full only once, when it was created or rotated. Lost it? Rotate it below.</p>""",
                p.serverKeyHint())
                : t("""
                <p class="callout"><strong>Copy it now.</strong> This is the only time the full server key is shown.
                Keep it in your backend's secret store; never ship it to browsers or apps.</p>
                {}""", copyRow("server-key", newKey.serverApiKey(), true));
        String example = "curl -X POST " + r.origin() + "/api/realtime/token \\\n"
                + "  -H \"Authorization: apikey $XSHATHRA_SERVER_KEY\" \\\n"
                + "  -H \"Content-Type: application/json\" \\\n"
                + "  -d '{\"userId\": \"alice\", \"ttlSeconds\": 900}'";
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
                  <details class="example">
                    <summary>Mint a connection token from your backend</summary>
                    <pre class="code"><code>{}</code></pre>
                  </details>
                </section>""", copyRow("client-key", p.clientApiKey(), false), server, example);
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

    private static Safe rotate(Visitor v, Project p) {
        return t("""
                <section class="card" aria-labelledby="rotate-h">
                  <h2 id="rotate-h">Rotate the server key</h2>
                  <p class="muted">Creates a new server key and shows it once. Keep the current key working for a
                  while to deploy the new one without downtime.</p>
                  <form method="post" action="/projects/{}/rotate" class="row-form">
                    {}
                    <div class="field field-fixed">
                      <label for="grace">Keep the current key working</label>
                      <select id="grace" name="grace">
                        <option value="0">No, stop it immediately</option>
                        <option value="15">For 15 minutes</option>
                        <option value="60" selected>For 1 hour</option>
                        <option value="1440">For 24 hours</option>
                      </select>
                    </div>
                    <button type="submit" class="btn btn-warning">Rotate key</button>
                  </form>
                </section>""", p.id(), Layout.csrfField(v));
    }

    private static Safe rotateClient(Visitor v, Project p) {
        return t("""
                <section class="card" aria-labelledby="rotate-client-h">
                  <h2 id="rotate-client-h">Rotate the client key</h2>
                  <p class="muted">Creates a new public client key. Apps that connect with the current key keep
                  connecting during the grace period; connections already open stay open.</p>
                  <form method="post" action="/projects/{}/rotate-client" class="row-form">
                    {}
                    <div class="field field-fixed">
                      <label for="client-grace">Keep the current key working</label>
                      <select id="client-grace" name="grace">
                        <option value="0">No, stop it immediately</option>
                        <option value="15">For 15 minutes</option>
                        <option value="60" selected>For 1 hour</option>
                        <option value="1440">For 24 hours</option>
                      </select>
                    </div>
                    <button type="submit" class="btn btn-warning">Rotate client key</button>
                  </form>
                </section>""", p.id(), Layout.csrfField(v));
    }

    private static Safe rename(Visitor v, Project p, State s) {
        return t("""
                <section class="card" aria-labelledby="rename-h">
                  <h2 id="rename-h">Rename</h2>
                  <form method="post" action="/projects/{}/rename" class="row-form">
                    {}
                    {}
                    <button type="submit" class="btn btn-secondary">Save name</button>
                  </form>
                </section>""", p.id(), Layout.csrfField(v),
                Field.of("name", "Project name", "text").value(s.renameValue()).error(s.renameError())
                        .attrs("required maxlength=\"100\"").render());
    }

    private static Safe danger(Project p) {
        return t("""
                <section class="card card-danger" aria-labelledby="delete-h">
                  <h2 id="delete-h">Delete project</h2>
                  <p class="muted">Both keys stop working at once and every connected client of this project is
                  disconnected. This cannot be undone.</p>
                  <a class="btn btn-danger" href="/projects/{}/delete">Delete project…</a>
                </section>""", p.id());
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
                        <a class="btn btn-secondary" href="/projects/{}">Cancel</a>
                      </div>
                    </form>
                  </div>
                </div>""", Layout.crumbs("Projects", "/dashboard", p.name(), "/projects/" + p.id(), "Delete"),
                p.name(), p.name(), p.id(), p.id(), Layout.csrfField(v),
                Field.of("confirm", "Type the project name to confirm", "text").value(typed).error(error)
                        .hint("Enter \u201c" + p.name() + "\u201d exactly.")
                        .attrs("required autocomplete=\"off\" spellcheck=\"false\" autofocus").render(), p.id());
    }
}
