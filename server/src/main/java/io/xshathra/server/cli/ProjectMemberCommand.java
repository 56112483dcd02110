package io.xshathra.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.Member;
import io.xshathra.controlplane.ProjectRole;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra project member}: a project's team, as on the console's Members page: list, add
 * by the email of an existing account, change a role, remove. The rule that a project keeps at
 * least one owner holds here too; every change goes on the project's audit log with the actor
 * {@code cli:USER}.
 */
@Command(name = "member", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Manage a project's members (owner, developer, viewer).", synopsisSubcommandLabel = "COMMAND")
public final class ProjectMemberCommand extends CommandGroup {

    /** The {@code member} command with its subcommands. */
    static CommandLine line(Map<String, String> env, Path workDir, Terminal terminal) {
        return CommandGroup.of(new ProjectMemberCommand(),
                new ListMembers(env, workDir, terminal),
                new AddMember(env, workDir, terminal),
                new SetRole(env, workDir, terminal),
                new RemoveMember(env, workDir, terminal));
    }

    /** The account with this email, or {@code NOT_FOUND}. */
    static Account account(ControlPlaneStore store, String email) {
        return await(store.accounts().findByEmail(email)).orElseThrow(() -> new ControlPlaneException(
                ControlPlaneException.Reason.NOT_FOUND, "no account with the email " + email.strip()));
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        return StorageCommand.await(stage);
    }

    /** {@code project member list ID [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "List a project's members with their roles.")
    static final class ListMembers extends StorageCommand {
        @Mixin
        ProjectArgument.Id project;

        @Option(names = "--json", description = "Print a JSON array of {\"email\",\"role\",\"added_by\",\"added_at\"}")
        boolean json;

        ListMembers(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) throws Exception {
            project.require(store);
            List<Member> team = await(store.projects().members().list(project.id()));
            if (json) {
                ArrayNode a = JSON.createArrayNode();
                for (Member m : team) {
                    a.addObject().put("email", m.email()).put("role", m.role().id()).put("added_by", m.addedBy())
                            .put("added_at", m.addedAt().toString());
                }
                out().println(JSON.writeValueAsString(a));
                return 0;
            }
            for (Member m : team) {
                out().printf("%-10s %-40s added by %s at %s%n", m.role().id(), m.email(), m.addedBy(), m.addedAt());
            }
            return 0;
        }
    }

    /** {@code project member add ID EMAIL --role R}. */
    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Add an existing account to a project.")
    static final class AddMember extends StorageCommand {
        @Mixin
        ProjectArgument.Id project;

        @Parameters(index = "1", paramLabel = "EMAIL", description = "The email of an existing account")
        String email;

        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "developer",
                description = "owner, developer or viewer (default developer)")
        String role;

        AddMember(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        Integer check() {
            ProjectRole.of(role);
            return null;
        }

        @Override
        int run(ControlPlaneStore store) {
            Member m = await(store.projects().members().add(project.id(), email, ProjectRole.of(role), io.xshathra.controlplane.AuditLog.cliActor()));
            audit(store, project.id(), "member.add", Map.of("email", m.email(), "role", m.role().id()));
            out().println("added " + m.email() + " to " + project.id() + " as " + m.role().id());
            return 0;
        }
    }

    /** What changing and removing a member share: the project and the member's email. */
    abstract static class MemberChange extends StorageCommand {
        @Mixin
        ProjectArgument.Id project;

        @Parameters(index = "1", paramLabel = "EMAIL", description = "The member's email")
        String email;

        MemberChange(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }
    }

    /** {@code project member set-role ID EMAIL ROLE}. */
    @Command(name = "set-role", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Change a member's role (a project keeps at least one owner).")
    static final class SetRole extends MemberChange {
        @Parameters(index = "2", paramLabel = "ROLE", description = "owner, developer or viewer")
        String role;

        SetRole(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        Integer check() {
            ProjectRole.of(role);
            return null;
        }

        @Override
        int run(ControlPlaneStore store) {
            ProjectRole to = ProjectRole.of(role);
            Member before = await(store.projects().members().changeRole(project.id(), account(store, email).id(), to));
            audit(store, project.id(), "member.role", Map.of("email", before.email(), "from", before.role().id(), "to", to.id()));
            out().println(before.email() + " is now " + to.id() + " of " + project.id());
            return 0;
        }
    }

    /** {@code project member remove ID EMAIL}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
            description = "Remove a member from a project (not its last owner).")
    static final class RemoveMember extends MemberChange {
        RemoveMember(Map<String, String> env, Path workDir, Terminal terminal) {
            super(env, workDir, terminal);
        }

        @Override
        int run(ControlPlaneStore store) {
            Member m = await(store.projects().members().remove(project.id(), account(store, email).id()));
            audit(store, project.id(), "member.remove", Map.of("email", m.email(), "role", m.role().id()));
            out().println("removed " + m.email() + " from " + project.id());
            return 0;
        }
    }
}
