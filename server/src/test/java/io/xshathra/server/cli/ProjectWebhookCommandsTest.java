package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code xshathra project webhook add|list|remove} end to end, on an SQLite file in a temporary data folder. */
class ProjectWebhookCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private CliRunner cli;
    private String project;

    @BeforeEach
    void setUp() throws Exception {
        cli = CliRunner.withDataDir(dir);
        cli.createUser("ops@example.com");
        project = cli.createProject("shop", "--owner", "ops@example.com").get("id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"project webhook add", "project webhook list", "project webhook remove"})
    void everyCommandHasHelp(String command) {
        assertThat(cli.run((command + " --help").split(" "))).isZero();
        assertThat(cli.out).contains("Usage: xshathra " + command).contains("--data-dir");
    }

    @Test
    void withoutASubcommandItPrintsUsage() {
        assertThat(cli.run("project", "webhook")).isEqualTo(2);
        assertThat(cli.err).contains("add", "list", "remove");
    }

    @Test
    void addPrintsTheSecretOnceListHidesItRemoveRemoves() throws Exception {
        assertThat(cli.run("project", "webhook", "add", project, "http://127.0.0.1:9000/hooks",
                "--events", "channel_vacated,channel_occupied", "--json")).as(cli.err).isZero();
        assertThat(cli.out.strip()).matches("\\{\"id\":\"wh_[0-9A-Z]{26}\",\"url\":\"http://127.0.0.1:9000/hooks\","
                + "\"events\":\\[\"channel_occupied\",\"channel_vacated\"],\"secret\":\"whsec_[0-9A-Za-z]{43}\"}");
        JsonNode added = JSON.readTree(cli.out);
        String secret = added.get("secret").asText();

        assertThat(cli.run("project", "webhook", "list", project, "--json")).as(cli.err).isZero();
        JsonNode list = JSON.readTree(cli.out);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(added.get("id").asText());
        assertThat(list.get(0).has("secret")).isFalse();
        assertThat(cli.out).doesNotContain(secret);
        assertThat(cli.run("project", "webhook", "list", project)).isZero();
        assertThat(cli.out).contains(added.get("id").asText(), "channel_occupied,channel_vacated").doesNotContain(secret);

        assertThat(cli.run("project", "webhook", "add", project, "http://127.0.0.1:9000/other",
                "--events", "member_added")).as(cli.err).isZero();
        assertThat(cli.out).contains("secret: whsec_", "shown only now");

        assertThat(cli.run("project", "webhook", "remove", project, added.get("id").asText())).as(cli.err).isZero();
        assertThat(cli.run("project", "webhook", "remove", project, added.get("id").asText())).isEqualTo(1);
        assertThat(cli.err).contains("has no webhook");
        assertThat(cli.run("project", "webhook", "list", project, "--json")).isZero();
        assertThat(JSON.readTree(cli.out)).hasSize(1);
    }

    @Test
    void badInputIsAUsageErrorNamingWhatIsWrong() {
        assertThat(cli.run("project", "webhook", "add", project, "http://127.0.0.1/x", "--events",
                "channel_occupied,bogus,also_bad")).isEqualTo(2);
        assertThat(cli.err).contains("unknown events bogus, also_bad;");
        assertThat(cli.run("project", "webhook", "add", project, "ftp://example.com/x", "--events", "member_added"))
                .isEqualTo(2);
        assertThat(cli.err).contains("http:// or https://");
        assertThat(cli.run("project", "webhook", "add", project, "http://127.0.0.1/x")).isEqualTo(2);
        assertThat(cli.err).contains("--events");
        assertThat(cli.run("project", "webhook", "add", "proj_nope", "http://127.0.0.1/x", "--events", "member_added"))
                .isEqualTo(1);
        assertThat(cli.err).contains("no such project");
        assertThat(cli.run("project", "webhook", "list", "proj_nope")).isEqualTo(1);
        assertThat(cli.err).contains("no such project");
    }

    @Test
    void privateNetworksNeedTheOperatorsConsentWhenTheServerIsExposed() {
        cli.env.put("XSHATHRA_ADDRESS", "0.0.0.0");
        assertThat(cli.run("project", "webhook", "add", project, "http://10.0.0.5/hooks", "--events", "member_added"))
                .isEqualTo(2);
        assertThat(cli.err).contains("private network", "10.0.0.5");
        cli.env.put("XSHATHRA_PROJECT_PROXIES_PRIVATE_NETWORKS", "allow");
        assertThat(cli.run("project", "webhook", "add", project, "http://10.0.0.5/hooks", "--events", "member_added"))
                .as(cli.err).isZero();
    }
}
