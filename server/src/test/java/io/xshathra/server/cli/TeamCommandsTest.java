package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code project member ...} and {@code project audit}, and the audit entries the project commands write. */
class TeamCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ME = "cli:" + System.getProperty("user.name");

    @TempDir
    Path dir;
    private CliRunner cli;
    private String id;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliRunner.withDataDir(dir);
        cli.createUser("ops@example.com");
        cli.createUser("dev@example.com");
        id = cli.createProject("shared").get("id").asText();
    }

    private JsonNode json(String... args) throws Exception {
        assertThat(cli.run(args)).as(cli.err).isZero();
        return JSON.readTree(cli.out);
    }

    private List<String> actions() throws Exception {
        List<String> out = new ArrayList<>();
        json("project", "audit", id, "--json").forEach(e -> out.add(e.get("action").asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"project member", "project member list", "project member add", "project member set-role",
            "project member remove", "project audit"})
    void everyCommandHasHelp(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        assertThat(cli.run(args.toArray(String[]::new))).isZero();
        assertThat(cli.out).contains("Usage: xshathra " + command);
    }

    @Test
    void membersAreAddedChangedAndRemovedAndTheLastOwnerStays() throws Exception {
        assertThat(cli.run("project", "member", "add", id, "dev@example.com", "--role", "viewer")).as(cli.err).isZero();
        JsonNode list = json("project", "member", "list", id, "--json");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("email").asText()).isEqualTo("ops@example.com");
        assertThat(list.get(0).get("role").asText()).isEqualTo("owner");
        assertThat(list.get(1).get("role").asText()).isEqualTo("viewer");
        assertThat(list.get(1).get("added_by").asText()).isEqualTo(ME);

        assertThat(cli.run("project", "member", "set-role", id, "dev@example.com", "owner")).as(cli.err).isZero();
        assertThat(cli.run("project", "member", "remove", id, "ops@example.com")).as(cli.err).isZero();
        assertThat(cli.run("project", "member", "remove", id, "dev@example.com")).isEqualTo(1);
        assertThat(cli.err).contains("at least one owner");
        assertThat(cli.run("project", "member", "add", id, "nobody@example.com")).isEqualTo(1);
        assertThat(cli.err).contains("no account with the email nobody@example.com");
        assertThat(cli.run("project", "member", "add", id, "dev@example.com", "--role", "boss")).isEqualTo(2);
        assertThat(actions()).containsExactly("member.remove", "member.role", "member.add", "project.create");
    }

    @Test
    void projectCommandsAreOnTheAuditLogWithTheOperatingSystemUser() throws Exception {
        assertThat(cli.run("project", "rename", id, "renamed")).as(cli.err).isZero();
        assertThat(cli.run("project", "rotate-key", id, "--grace", "60")).as(cli.err).isZero();
        assertThat(cli.run("project", "rotate-client-key", id)).as(cli.err).isZero();
        assertThat(cli.run("project", "backend", id, "--kind", "connect", "--url", "https://203.0.113.5/c?k=secret")).as(cli.err).isZero();
        assertThat(cli.run("project", "backend", id, "--rotate-secret")).as(cli.err).isZero();
        assertThat(cli.run("project", "backend", id, "--kind", "connect", "--remove")).as(cli.err).isZero();
        assertThat(cli.run("project", "delete", id, "--yes")).as(cli.err).isZero();

        JsonNode log = json("project", "audit", id, "--json");
        assertThat(log).extracting(e -> e.get("action").asText()).containsExactly("project.delete", "backend.remove",
                "backend.rotate_secret", "backend.set", "key.rotate_client", "key.rotate_server", "project.rename",
                "project.create");
        assertThat(log).allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo(ME));
        assertThat(log.get(3).get("detail").get("url").asText()).isEqualTo("https://203.0.113.5/c");
        assertThat(log.get(5).get("detail").get("grace_seconds").asText()).isEqualTo("60");
        assertThat(log.get(5).get("detail").get("new_key_hint").asText()).startsWith("xs_sk_").hasSizeLessThan(16);
        assertThat(log.get(6).get("detail").get("from").asText()).isEqualTo("shared");
        assertThat(log.toString()).doesNotContain("xs_ps_", "k=secret");

        assertThat(json("project", "audit", id, "--json", "--limit", "2")).hasSize(2);
        assertThat(cli.run("project", "audit", id, "--limit", "0")).isEqualTo(2);
        assertThat(cli.run("project", "audit", id)).isZero();
        assertThat(cli.out).contains("project.delete", ME, "UTC");
    }
}
