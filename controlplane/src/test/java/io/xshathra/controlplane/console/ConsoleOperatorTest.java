package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.controlplane.console.ConsoleHarness.Browser;
import io.xshathra.controlplane.console.ConsoleHarness.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator page: administrators only, the engine's nodes read in process, the deployment's facts and health. */
class ConsoleOperatorTest {

    @TempDir
    Path dir;
    private ConsoleHarness h;

    @BeforeEach
    void open() {
        h = new ConsoleHarness(dir);
        h.account("admin@example.com");
        h.account("dev@example.com");
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void administratorsSeeTheNodesVersionsAndHealth() {
        Browser admin = h.browser().signIn("admin@example.com");
        Response r = admin.get("/operator");
        assertThat(r.status()).isEqualTo(200);
        String name = h.node.config().nodeName();
        assertThat(r.body()).contains("<h1>Operator</h1>", "id=\"nodes\"", ">" + name + "<", "9.8.7-test",
                "memory (this node only)", "SQLite", "data-healthy=\"true\"", "Healthy",
                "as of 12:00:00 UTC");
        assertThat(r.body()).as("the node's version as the engine reports it").contains("<td class=\"nowrap\">test</td>");

        h.healthy.set(false);
        assertThat(admin.get("/operator").body()).contains("data-healthy=\"false\"", "Unhealthy");
    }

    @Test
    void theNodeFiguresAreTheEngines() {
        h.clock.advance(java.time.Duration.ofMinutes(61).plusSeconds(5));
        Browser admin = h.browser().signIn("admin@example.com");
        Response r = admin.get("/operator");
        assertThat(r.body()).contains("1h 01m").contains("as of 13:01:05 UTC");
    }

    @Test
    void otherAccountsAreRefusedAndSeeNoLink() {
        Browser admin = h.browser().signIn("admin@example.com");
        assertThat(admin.get("/dashboard").body()).contains("href=\"/operator\"");
        Browser dev = h.browser().signIn("dev@example.com");
        Response refused = dev.get("/operator");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Administrators only").doesNotContain("id=\"nodes\"")
                .doesNotContain("9.8.7-test");
        assertThat(dev.get("/dashboard").body()).doesNotContain("href=\"/operator\"");
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() {
        Response r = h.browser().get("/operator");
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/login?next=%2Foperator");
        assertThat(h.browser().send(io.netty.handler.codec.http.HttpMethod.POST, "/operator", null, null).status())
                .isEqualTo(405);
    }

    @Test
    void uptimeReadsLikeAClock() {
        assertThat(OperatorPages.uptime(0)).isEqualTo("0m 00s");
        assertThat(OperatorPages.uptime(65)).isEqualTo("1m 05s");
        assertThat(OperatorPages.uptime(3600 * 5 + 360)).isEqualTo("5h 06m");
        assertThat(OperatorPages.uptime(86400 * 2 + 3600 * 3 + 240)).isEqualTo("2d 3h 04m");
    }
}
