package io.xshathra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void helpDocumentsEveryScenario() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("idle", "fanout", "connect", "api", "Exit codes",
                "ip_local_port_range", "--server-pid");
    }

    @Test
    void everyScenarioHasHelpWithTheCommonOptions() {
        for (String scenario : new String[] {"idle", "fanout", "connect", "api"}) {
            assertThat(run(scenario, "--help")).isZero();
        }
        assertThat(out.toString()).contains("--url", "--api-url", "--secret", "--api-key", "--protocol",
                "--duration", "--channel-prefix", "--json", "--source-addresses", "--publish-via", "--rate",
                "--payload-bytes", "--connections", "--concurrency");
    }

    @Test
    void idleWithoutServerPidIsRefused() {
        assertThat(run("idle", "--connections", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--server-pid PID is required");
    }

    @Test
    void outOfRangeOptionsAreRefused() {
        assertThat(run("fanout", "--duration", "0")).isEqualTo(2);
        assertThat(run("fanout", "--payload-bytes", "10")).isEqualTo(2);
        assertThat(run("fanout", "--url", "wss://example.com/x")).isEqualTo(2);
        assertThat(err.toString()).contains("--duration must be", "--payload-bytes must be", "TLS is not supported");
    }

    @Test
    void unknownProtocolIsAUsageError() {
        assertThat(run("fanout", "--protocol", "xml")).isEqualTo(2);
    }

    @Test
    void noScenarioPrintsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: bench");
    }

    @Test
    void theDefaultsPointAtALocalXshathraAndItsDevelopmentSecrets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(run("fanout", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\R\\s+", "")).contains("ws://127.0.0.1:3001/realtime/connection/websocket",
                "http://127.0.0.1:3001/realtime/api", "public:bench-");

        java.nio.file.Files.writeString(dir.resolve("dev-secrets.json"),
                "{\"comment\":\"x\",\"hmac_secret_key\":\"tok\",\"api_key\":\"key\"}");
        assertThat(DevSecrets.read(dir)).isEqualTo(new DevSecrets("tok", "key"));
        assertThat(DevSecrets.read(dir.resolve("none"))).isNull();
        java.nio.file.Files.writeString(dir.resolve("dev-secrets.json"), "{\"api_key\":\"key\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevSecrets.read(dir))
                .hasMessageContaining("lacks hmac_secret_key");
    }
}
