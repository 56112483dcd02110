package io.xshathra.controlplane.console;

import io.xshathra.controlplane.AuditLog;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.controlplane.web.WebResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A project's team and audit log: {@code GET /projects/{id}/members} (everyone in the project),
 * adding a member ({@code POST .../members}), changing a role ({@code .../members/role}),
 * removing one ({@code .../members/remove}), leaving ({@code .../leave}), and
 * {@code GET /projects/{id}/audit?before=SEQ}. The caller has checked the visitor's role
 * ({@link ProjectAccess}); every change is recorded on the audit log.
 *
 * <p>Adding someone by an email without an account says so: owners learn that much, and no more
 * (the list of accounts is for administrators).
 */
final class TeamPages {

    /** Entries per page of the audit log. */
    static final int AUDIT_PAGE = 50;

    private final ConsoleContext ctx;
    private final Layout layout;
    private final Flash flash;

    TeamPages(ConsoleContext ctx, Layout layout, Flash flash) {
        this.ctx = ctx;
        this.layout = layout;
        this.flash = flash;
    }

    CompletionStage<WebResponse> handle(ConsoleRequest r, Visitor v, Project p) {
        return switch (r.target().page()) {
            case MEMBERS -> r.post() ? add(r, v, p) : view(v, p, TeamView.State.notice(takeNotice(v, p)), HttpStatus.OK);
            case MEMBER_ROLE -> changeRole(r, v, p);
            case MEMBER_REMOVE -> remove(r, v, p);
            case LEAVE -> leave(v, p);
            default -> audit(r, v, p);
        };
    }

    private String takeNotice(Visitor v, Project p) {
        return flash.take(v.flashKey(), "team:" + p.id(), Flash.Notice.class).map(Flash.Notice::text).orElse("");
    }

    private CompletionStage<WebResponse> view(Visitor v, Project p, TeamView.State s, HttpStatus status) {
        return ctx.projects().members().list(p.id()).thenApply(team -> Responses.html(status,
                layout.page(v, "Members · " + p.name(), TeamView.members(v, p, team, s))));
    }

    private WebResponse done(Visitor v, Project p, String notice) {
        flash.put(v.flashKey(), "team:" + p.id(), new Flash.Notice(notice));
        return Responses.redirect("/projects/" + p.id() + "/members");
    }

    private CompletionStage<WebResponse> add(ConsoleRequest r, Visitor v, Project p) {
        String email = r.form().get("email");
        ProjectRole role;
        try {
            role = ProjectRole.of(r.form().get("role"));
        } catch (ControlPlaneException e) {
            return view(v, p, new TeamView.State("", "", email, "Choose owner, developer or viewer."), HttpStatus.BAD_REQUEST);
        }
        return ctx.projects().members().add(p.id(), email, role, v.account().email())
                .thenCompose(Audited.by(ctx, v, p.id(), "member.add", m -> Map.of("email", m.email(), "role", m.role().id())))
                .thenApply(m -> done(v, p, m.email() + " was added as " + m.role().id() + "."))
                .exceptionallyCompose(e -> refusal(e, addMessage(email))
                        .map(msg -> view(v, p, new TeamView.State("", "", email, msg), HttpStatus.BAD_REQUEST))
                        .orElseGet(() -> CompletableFuture.failedFuture(e)));
    }

    private static Map<ControlPlaneException.Reason, String> addMessage(String email) {
        return Map.of(ControlPlaneException.Reason.INVALID_EMAIL, "Enter an email address such as name@example.com.",
                ControlPlaneException.Reason.NOT_FOUND, "There is no account with this email. Ask them to sign up "
                        + "(or an administrator to create their account), then add them.",
                ControlPlaneException.Reason.CONFLICT, "");
    }

    /** The message for a refusal of one of {@code reasons} ("" for the exception's own message); empty for other failures. */
    private static java.util.Optional<String> refusal(Throwable e, Map<ControlPlaneException.Reason, String> reasons) {
        if (Failures.unwrap(e) instanceof ControlPlaneException c && reasons.containsKey(c.reason())) {
            String message = reasons.get(c.reason());
            return java.util.Optional.of(message.isEmpty() ? sentence(c.getMessage()) : message);
        }
        return java.util.Optional.empty();
    }

    private static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }

    private CompletionStage<WebResponse> changeRole(ConsoleRequest r, Visitor v, Project p) {
        ProjectRole role;
        try {
            role = ProjectRole.of(r.form().get("role"));
        } catch (ControlPlaneException e) {
            return view(v, p, new TeamView.State("", "Choose owner, developer or viewer.", "", ""), HttpStatus.BAD_REQUEST);
        }
        String account = r.form().get("account");
        return ctx.projects().members().changeRole(p.id(), account, role)
                .thenCompose(Audited.by(ctx, v, p.id(), "member.role", before -> Map.of("email", before.email(),
                        "from", before.role().id(), "to", role.id())))
                .thenApply(before -> done(v, p, before.email() + " is now " + role.id() + "."))
                .exceptionallyCompose(e -> refused(e, v, p));
    }

    private CompletionStage<WebResponse> remove(ConsoleRequest r, Visitor v, Project p) {
        return ctx.projects().members().remove(p.id(), r.form().get("account"))
                .thenCompose(Audited.by(ctx, v, p.id(), "member.remove", m -> Map.of("email", m.email(), "role", m.role().id())))
                .thenApply(m -> done(v, p, m.email() + " was removed from the project."))
                .exceptionallyCompose(e -> refused(e, v, p));
    }

    /** A refused role change or removal: the Members page again with the reason (409, or 404 for a stale form). */
    private CompletionStage<WebResponse> refused(Throwable e, Visitor v, Project p) {
        if (Failures.unwrap(e) instanceof ControlPlaneException c) {
            HttpStatus status = c.reason() == ControlPlaneException.Reason.CONFLICT ? HttpStatus.of(409)
                    : c.reason() == ControlPlaneException.Reason.NOT_FOUND ? HttpStatus.NOT_FOUND : null;
            if (status != null) {
                return view(v, p, new TeamView.State("", sentence(c.getMessage()), "", ""), status);
            }
        }
        return CompletableFuture.failedFuture(e);
    }

    private CompletionStage<WebResponse> leave(Visitor v, Project p) {
        return ctx.projects().members().remove(p.id(), v.account().id())
                .thenCompose(Audited.by(ctx, v, p.id(), "member.leave", m -> Map.of("email", m.email(), "role", m.role().id())))
                .thenApply(m -> {
                    flash.put(v.flashKey(), "notice", new Flash.Notice("You left the project \u201c" + p.name() + "\u201d."));
                    return Responses.redirect("/dashboard");
                })
                .exceptionallyCompose(e -> refused(e, v, p));
    }

    private CompletionStage<WebResponse> audit(ConsoleRequest r, Visitor v, Project p) {
        long before;
        String text = r.query().get("before");
        try {
            before = text.isEmpty() ? Long.MAX_VALUE : Long.parseLong(text);
        } catch (NumberFormatException e) {
            before = -1;
        }
        if (before < 1) {
            return Responses.done(layout.error(v, HttpStatus.BAD_REQUEST, "No such page of the log",
                    "The page of the audit log must be a positive number."));
        }
        boolean first = before == Long.MAX_VALUE;
        AuditLog log = ctx.projects().audit();
        return log.list(p.id(), before, AUDIT_PAGE + 1).thenApply(entries -> {
            List<io.xshathra.controlplane.AuditEntry> shown = entries.size() > AUDIT_PAGE ? entries.subList(0, AUDIT_PAGE) : entries;
            long older = entries.size() > AUDIT_PAGE ? shown.get(shown.size() - 1).seq() : -1;
            return Responses.html(HttpStatus.OK, layout.page(v, "Audit log · " + p.name(),
                    TeamView.audit(v, p, shown, older, first)));
        });
    }
}
