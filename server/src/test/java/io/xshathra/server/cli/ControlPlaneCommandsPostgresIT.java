package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same commands against a real PostgreSQL, given as a postgres:// URL by flag and by environment. */
class ControlPlaneCommandsPostgresIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void accountsAndProjectsLiveInPostgres() throws Exception {
        String url = "postgres://postgres:unused%20secret@localhost:" + postgres.getPort() + "/postgres";
        CliRunner cli = new CliRunner(dir);
        cli.env.put("XSHATHRA_DATA_DIR", dir.resolve("data").toString());

        assertThat(cli.run(FakeTerminal.piped("correct horse battery\n"), "user", "create", "pg@example.com",
                "--password-stdin", "--database-url", url)).as(cli.err).isZero();
        assertThat(cli.out).contains("administrator");

        cli.env.put("XSHATHRA_DATABASE_URL", url);
        assertThat(cli.run("project", "create", "staging", "--json")).as(cli.err).isZero();
        JsonNode created = JSON.readTree(cli.out);
        assertThat(created.get("server_api_key").asText()).startsWith("xs_sk_");

        assertThat(cli.run("project", "rotate-key", created.get("id").asText(), "--grace", "60", "--json")).isZero();
        assertThat(cli.run("project", "list", "--json")).isZero();
        JsonNode list = JSON.readTree(cli.out);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("owner_email").asText()).isEqualTo("pg@example.com");
        assertThat(cli.out).doesNotContain(created.get("server_api_key").asText());
        assertThat(cli.run("project", "delete", created.get("id").asText(), "--yes")).isZero();
        assertThat(cli.run("project", "list", "--json")).isZero();
        assertThat(cli.out.strip()).isEqualTo("[]");

        assertThat(dir.resolve("data/xshathra.db")).as("nothing in SQLite").doesNotExist();
    }
}
