package io.xshathra.controlplane.console;

import static io.xshathra.controlplane.console.Html.t;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.console.Html.Safe;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** The dashboard (the account's projects; every project for administrators) and project creation. */
final class DashboardPages {

    static final String NAME_RULE = "Enter a name of 1 to 100 characters, without line breaks.";

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;

    DashboardPages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    CompletionStage<WebResponse> dashboard(ConsoleRequest r, Visitor v) {
        Account me = v.account();
        Safe notice = flash.take(v.flashKey(), "notice", Flash.Notice.class)
                .map(n -> Layout.alert("success", t("{}", n.text()))).orElse(Html.EMPTY);
        if (!me.admin()) {
            return ctx.projects().list(me.id()).thenApply(ps -> render(r, v, notice, ps, null));
        }
        return ctx.projects().listAll().thenCombine(ctx.accounts().list(), (ps, accounts) -> render(r, v, notice, ps,
                accounts.stream().collect(Collectors.toMap(Account::id, Account::email, (a, b) -> a))));
    }

    private WebResponse render(ConsoleRequest r, Visitor v, Safe notice, List<Project> projects,
                                    Map<String, String> owners) {
        boolean admin = owners != null;
        Safe list;
        if (projects.isEmpty()) {
            list = Html.raw("""
                    <div class="card empty">
                      <h2>No projects yet</h2>
                      <p class="muted">A project is one app or environment, such as "production" or "staging".
                      It gets its own channel space and a key pair for your backend and your clients.</p>
                      <p><a class="btn btn-primary" href="/projects/new">Create your first project</a></p>
                    </div>""");
        } else {
            List<Safe> rows = new ArrayList<>();
            for (Project p : projects) {
                rows.add(t("<tr><td><a class=\"strong\" href=\"/projects/{}\">{}</a></td><td><code>{}</code></td>{}<td>{}</td></tr>",
                        p.id(), p.name(), p.id(),
                        admin ? t("<td>{}</td>", owners.getOrDefault(p.ownerId(), p.ownerId())) : Html.EMPTY,
                        Layout.time(p.createdAt())));
            }
            list = t("""
                    <div class="card card-flush"><div class="table-wrap"><table class="table">
                      <caption class="sr-only">{}</caption>
                      <thead><tr><th scope="col">Name</th><th scope="col">Project ID</th>{}<th scope="col">Created</th></tr></thead>
                      <tbody>{}</tbody>
                    </table></div></div>""", admin ? "Every project on this deployment" : "Your projects",
                    Html.when(admin, Html.raw("<th scope=\"col\">Owner</th>")), Html.join(rows));
        }
        Safe main = t("""
                <div class="page-head">
                  <div>
                    <h1>Projects</h1>
                    <p class="muted">{}</p>
                  </div>
                  <a class="btn btn-primary" href="/projects/new"><span aria-hidden="true">+</span> New project</a>
                </div>
                {}
                {}
                <section class="card" aria-labelledby="connect-h">
                  <h2 id="connect-h">Connect your clients</h2>
                  <p class="muted">Official Centrifugo client SDKs connect to this endpoint unchanged. Your backend
                  mints their tokens with the project's server key through <code>POST /api/realtime/token</code>.</p>
                  {}
                </section>""",
                admin ? "As an administrator you see every project on this deployment."
                        : "Each project has its own channel space and key pair.",
                notice, list, ProjectView.copyRow("ws-endpoint", wsUrl(r), false));
        return Responses.html(HttpStatus.OK, layout.page(v, "Projects", main));
    }

    private String wsUrl(ConsoleRequest r) {
        String ws = ctx.websocketPath().isEmpty() ? "/realtime/connection/websocket" : ctx.websocketPath();
        return (r.https() ? "wss://" : "ws://") + (r.host().isEmpty() ? "localhost" : r.host()) + ws;
    }

    // ------------------------------------------------------------------ new project

    CompletionStage<WebResponse> newProject(ConsoleRequest r, Visitor v) {
        if (!r.post()) {
            return Responses.done(newForm(v, "", "", HttpStatus.OK));
        }
        String name = r.form().get("name");
        try {
            InputRules.projectName(name);
        } catch (ControlPlaneException e) {
            return Responses.done(newForm(v, name, NAME_RULE, HttpStatus.BAD_REQUEST));
        }
        return ctx.projects().create(v.account().id(), name).thenCompose(Audited.on(ctx, v, c -> c.project().id(),
                        "project.create", c -> Map.of("name", c.project().name()))).thenApply(created -> {
            flash.put(v.flashKey(), "key:" + created.project().id(),
                    new Flash.NewKey(created.serverApiKey(), false, null));
            return Responses.redirect("/projects/" + created.project().id());
        }).exceptionallyCompose(e -> nameRefusal(name, Failures.unwrap(e))
                .map(message -> Responses.done(newForm(v, name, message, HttpStatus.BAD_REQUEST)))
                .orElseGet(() -> CompletableFuture.failedFuture(e)));
    }

    /** The message for a refused project name (taken, invalid), or empty for any other failure. */
    static Optional<String> nameRefusal(String name, Throwable e) {
        if (e instanceof ControlPlaneException cpe) {
            if (cpe.reason() == ControlPlaneException.Reason.NAME_TAKEN) {
                return Optional.of("You already have a project called \"" + name.strip() + "\". Choose another name.");
            }
            if (cpe.reason() == ControlPlaneException.Reason.INVALID_NAME) {
                return Optional.of(NAME_RULE);
            }
        }
        return Optional.empty();
    }

    private WebResponse newForm(Visitor v, String name, String error, HttpStatus status) {
        Safe main = t("""
                {}
                <div class="narrow">
                  <h1>New project</h1>
                  <p class="muted">Create one project per app or environment. You get a server key for your backend
                  (shown once) and a public client key.</p>
                  <form method="post" action="/projects/new" class="card stack">
                    {}
                    {}
                    <div class="actions">
                      <button type="submit" class="btn btn-primary">Create project</button>
                      <a class="btn btn-secondary" href="/dashboard">Cancel</a>
                    </div>
                  </form>
                </div>""", Layout.crumbs("Projects", "/dashboard", "New project"), Layout.csrfField(v),
                Field.of("name", "Project name", "text").value(name).error(error)
                        .hint("For example \"production\" or \"staging\". You can rename it later.")
                        .attrs("required maxlength=\"100\" autofocus").render());
        return Responses.html(status, layout.page(v, "New project", main));
    }
}
