package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;

/**
 * The markup of a project's settings: renaming, server and client key rotation and the way to deletion, kept
 * away from the everyday overview. Rotation asks for a confirmation in the page (the script shows
 * it; without a script the button posts at once), deletion on a page of its own.
 */
final class SettingsView {

    private SettingsView() {
    }

    static Safe main(Visitor v, Project p, ProjectView.State s) {
        boolean owner = v.may(io.xshathra.controlplane.ProjectRole::mayAdminister);
        return t("""
                {}
                {}
                {}
                {}
                {}
                {}""", ProjectView.head(v, p, "settings"),
                Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                owner ? rename(v, p, s) : Html.EMPTY, rotate(v, p), rotateClient(v, p), owner ? danger(p) : Html.EMPTY);
    }

    private static Safe rotate(Visitor v, Project p) {
        return t("""
                <section class="card" aria-labelledby="rotate-h">
                  <h2 id="rotate-h">Rotate the server key</h2>
                  <p class="muted">Creates a new server key and shows it once, on the project's overview. Keep the
                  current key working for a while to deploy the new one without downtime.</p>
                  <form method="post" action="/projects/{}/rotate" class="row-form" data-confirm>
                    {}
                    {}
                    <button type="submit" class="btn btn-warning" id="rotate-btn" data-confirm-ask>Rotate key…</button>
                    <div class="confirm-box" role="alertdialog" aria-labelledby="rotate-confirm-q" hidden data-confirm-box>
                      <p id="rotate-confirm-q"><strong>Rotate the server key now?</strong> Backends still using the
                      current key stop working when its grace period ends.</p>
                      <div class="actions">
                        <button type="submit" class="btn btn-warning" id="rotate-confirm" data-confirm-yes>Yes, rotate the key</button>
                        <button type="button" class="btn btn-secondary" data-confirm-cancel>Cancel</button>
                      </div>
                    </div>
                  </form>
                </section>""", p.id(), Layout.csrfField(v), grace("grace"));
    }

    private static Safe rotateClient(Visitor v, Project p) {
        return t("""
                <section class="card" aria-labelledby="rotate-client-h">
                  <h2 id="rotate-client-h">Rotate the client key</h2>
                  <p class="muted">Creates a new public client key. Apps that connect with the current key keep
                  connecting during the grace period; connections already open stay open.</p>
                  <form method="post" action="/projects/{}/rotate-client" class="row-form">
                    {}
                    {}
                    <button type="submit" class="btn btn-warning">Rotate client key</button>
                  </form>
                </section>""", p.id(), Layout.csrfField(v), grace("client-grace"));
    }

    /** How long the current key keeps working after a rotation (the {@code grace} field, in minutes). */
    private static Safe grace(String id) {
        return t("""
                <div class="field field-fixed">
                  <label for="{}">Keep the current key working</label>
                  <select id="{}" name="grace">
                    <option value="0">No, stop it immediately</option>
                    <option value="15">For 15 minutes</option>
                    <option value="60" selected>For 1 hour</option>
                    <option value="1440">For 24 hours</option>
                  </select>
                </div>""", id, id);
    }

    private static Safe rename(Visitor v, Project p, ProjectView.State s) {
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
}
