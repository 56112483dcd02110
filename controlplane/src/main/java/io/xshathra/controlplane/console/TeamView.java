package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.AuditEntry;
import io.xshathra.controlplane.Member;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.console.Html.Safe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The markup of a project's Members page (the team, and for owners the forms that change it) and
 * of its Audit log page. What a form shows follows the visitor's role; the server checks it again
 * on every post ({@link ProjectAccess}).
 */
final class TeamView {

    /**
     * What one rendering of the Members page shows besides the team.
     *
     * @param notice   a confirmation, or ""
     * @param error    a refusal of a role change, removal or leaving, or ""
     * @param email    the email typed into the add form
     * @param addError the error next to it, or ""
     */
    record State(String notice, String error, String email, String addError) {
        static State notice(String notice) {
            return new State(notice, "", "", "");
        }
    }

    private TeamView() {
    }

    static Safe members(Visitor v, Project p, List<Member> team, State s) {
        boolean owner = v.may(ProjectRole::mayAdminister);
        List<Safe> rows = new ArrayList<>();
        for (Member m : team) {
            boolean me = m.accountId().equals(v.account().id());
            rows.add(t("<tr><td class=\"strong\">{}{}</td><td>{}</td><td>{}</td><td>{}</td>{}</tr>", m.email(),
                    Html.when(me, Html.raw(" <span class=\"badge\">You</span>")),
                    owner ? roleForm(v, p, m) : t("{}", m.role().id()), m.addedBy(), Layout.time(m.addedAt()),
                    Html.when(owner, t("<td>{}</td>", removeForm(v, p, m)))));
        }
        return t("""
                {}
                {}{}
                <section class="card card-flush" aria-labelledby="members-h">
                  <h2 id="members-h" class="card-flush-title">Members</h2>
                  <div class="table-wrap"><table class="table" id="members">
                    <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Added by</th><th scope="col">Added</th>{}</tr></thead>
                    <tbody>{}</tbody>
                  </table></div>
                </section>
                {}
                {}
                {}""", ProjectView.head(v, p, "members"),
                Html.when(!s.notice().isEmpty(), Layout.alert("success", t("{}", s.notice()))),
                Html.when(!s.error().isEmpty(), Layout.alert("error", t("{}", s.error()))),
                Html.when(owner, Html.raw("<th scope=\"col\">Remove</th>")),
                Html.join(rows), owner ? addForm(v, p, s) : Html.EMPTY, roles(), leave(v, p));
    }

    private static Safe roleForm(Visitor v, Project p, Member m) {
        List<Safe> options = new ArrayList<>();
        for (ProjectRole r : ProjectRole.values()) {
            options.add(t("<option value=\"{}\"{}>{}</option>", r.id(), Html.when(r == m.role(), Html.raw(" selected")), r.id()));
        }
        return t("""
                <form method="post" action="/projects/{}/members/role" class="inline-form">{}
                  <input type="hidden" name="account" value="{}">
                  <select id="role-{}" name="role" aria-label="Role of {}">{}</select>
                  <button type="submit" class="btn btn-secondary btn-small">Save</button>
                </form>""", p.id(), Layout.csrfField(v), m.accountId(), m.accountId(), m.email(),
                Html.join(options));
    }

    private static Safe removeForm(Visitor v, Project p, Member m) {
        return t("""
                <form method="post" action="/projects/{}/members/remove" class="inline">{}
                  <input type="hidden" name="account" value="{}">
                  <button type="submit" class="btn btn-ghost btn-small" aria-label="Remove {}">Remove</button>
                </form>""", p.id(), Layout.csrfField(v), m.accountId(), m.email());
    }

    private static Safe addForm(Visitor v, Project p, State s) {
        return t("""
                <section class="card" aria-labelledby="add-h">
                  <h2 id="add-h">Add a member</h2>
                  <p class="muted">Enter the email of someone who already has an account on this console.</p>
                  <form method="post" action="/projects/{}/members" class="row-form">
                    {}
                    {}
                    <div class="field field-fixed">
                      <label for="role">Role</label>
                      <select id="role" name="role">
                        <option value="viewer">viewer</option>
                        <option value="developer" selected>developer</option>
                        <option value="owner">owner</option>
                      </select>
                    </div>
                    <button type="submit" class="btn btn-primary" id="add-member">Add member</button>
                  </form>
                </section>""", p.id(), Layout.csrfField(v),
                Field.of("email", "Email", "email").value(s.email()).error(s.addError())
                        .attrs("required maxlength=\"254\" autocomplete=\"off\"").render());
    }

    private static Safe roles() {
        return Html.raw("""
                <section class="card" aria-labelledby="roles-h">
                  <h2 id="roles-h">Roles</h2>
                  <ul class="muted">
                    <li><strong>owner</strong>: everything, including members, renaming, deletion and the audit log.</li>
                    <li><strong>developer</strong>: keys (sees the server key hint, rotates both keys), the debug tool and backends.</li>
                    <li><strong>viewer</strong>: read-only: the overview, live figures, client key and members.</li>
                  </ul>
                </section>""");
    }

    private static Safe leave(Visitor v, Project p) {
        return t("""
                <section class="card" aria-labelledby="leave-h">
                  <h2 id="leave-h">Leave this project</h2>
                  <p class="muted">The project disappears from your dashboard. An owner can add you again. The last
                  owner cannot leave: make someone else an owner first.</p>
                  <form method="post" action="/projects/{}/leave">{}
                    <button type="submit" class="btn btn-secondary" id="leave-btn">Leave project</button>
                  </form>
                </section>""", p.id(), Layout.csrfField(v));
    }

    /**
     * The Audit log page: one page of entries, newest first.
     *
     * @param older the {@code before} value of the next page, or -1 when this is the last one
     * @param first whether this is the newest page
     */
    static Safe audit(Visitor v, Project p, List<AuditEntry> entries, long older, boolean first) {
        List<Safe> rows = new ArrayList<>();
        for (AuditEntry e : entries) {
            rows.add(t("<tr><td class=\"nowrap\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>", Layout.time(e.at()),
                    e.actor(), e.action(), detail(e.detail())));
        }
        Safe table = entries.isEmpty() ? Html.raw("<p class=\"muted empty\">Nothing has been recorded yet.</p>") : t("""
                <div class="table-wrap"><table class="table" id="audit">
                  <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Details</th></tr></thead>
                  <tbody>{}</tbody>
                </table></div>""", Html.join(rows));
        return t("""
                {}
                <section class="card card-flush" aria-labelledby="audit-h">
                  <h2 id="audit-h" class="card-flush-title">Audit log</h2>
                  {}
                </section>
                <p class="actions">{}{}</p>""", ProjectView.head(v, p, "audit"), table,
                Html.when(!first, t("<a class=\"btn btn-secondary\" href=\"/projects/{}/audit\">Newest</a>", p.id())),
                Html.when(older > 0, t("<a class=\"btn btn-secondary\" id=\"older\" href=\"/projects/{}/audit?before={}\">Older entries</a>",
                        p.id(), older)));
    }

    private static Safe detail(Map<String, String> detail) {
        List<Safe> parts = new ArrayList<>();
        detail.forEach((k, val) -> parts.add(t("<span class=\"muted\">{}</span> {}", k, val)));
        List<Safe> joined = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            joined.add(i == 0 ? parts.get(i) : t(" · {}", parts.get(i)));
        }
        return Html.join(joined);
    }
}
