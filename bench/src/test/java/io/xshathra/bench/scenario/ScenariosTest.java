package io.xshathra.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.bench.host.ServerProcess;
import io.xshathra.bench.net.Endpoint;
import io.xshathra.bench.report.Result;
import io.xshathra.protocol.ProtocolType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every scenario end to end against {@link FakeServer} on loopback, one second each. */
class ScenariosTest {
    /** Generous: the drain ends as soon as everything arrived, and a busy build machine may be slow. */
    private static final int DRAIN_SECONDS = 15;
    private FakeServer server;
    private final StringWriter progress = new StringWriter();

    @BeforeEach
    void start() throws InterruptedException {
        server = new FakeServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Settings settings(ServerProcess process) {
        String base = "127.0.0.1:" + server.port();
        return new Settings(Endpoint.webSocket("ws://" + base + "/connection/websocket"),
                Endpoint.http("http://" + base + "/api"), "secret", "key", ProtocolType.JSON, 1, 0, "bench:", 1, 1,
                50, 5000, process, new PrintWriter(progress));
    }

    private Result fanout(boolean viaClient) throws Exception {
        return fanout(viaClient, DRAIN_SECONDS);
    }

    private Result fanout(boolean viaClient, int drainSeconds) throws Exception {
        return new FanoutScenario(settings(null), new FanoutScenario.Options(3, 4, viaClient, 300, 64, 2, drainSeconds))
                .run();
    }

    @Test
    void fanoutThroughTheApiDeliversEverythingInOrder() throws Exception {
        Result r = fanout(false);
        assertThat(r.failures()).isEmpty();
        Map<String, Object> v = r.values();
        assertThat((long) v.get("published")).isPositive();
        assertThat((long) v.get("lost")).isZero();
        assertThat((long) v.get("reordered")).isZero();
        assertThat((double) v.get("delivered_per_sec")).isPositive();
        assertThat(v).containsKeys("latency_ms", "publish_per_sec", "duplicates", "drained");
        assertThat(server.pongs.get()).as("every connection answered its ping").isGreaterThanOrEqualTo(12);
        assertThat(progress.toString()).contains("fanout:");
    }

    @Test
    void fanoutAsClients() throws Exception {
        Result r = fanout(true);
        assertThat(r.failures()).isEmpty();
        assertThat((long) r.values().get("published")).isPositive();
    }

    @Test
    void lossesFailTheRun() throws Exception {
        server.dropEvery = 7;
        Result r = fanout(false, 1);
        assertThat((long) r.values().get("lost")).isPositive();
        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).anyMatch(f -> f.contains("messages lost") && f.contains("drain time ended"));
    }

    @Test
    void reorderingsFailTheRun() throws Exception {
        server.swapPairs = true;
        Result r = fanout(false, 1);
        assertThat((long) r.values().get("reordered")).isPositive();
        assertThat(r.failures()).anyMatch(f -> f.contains("reordered"));
    }

    @Test
    void idleReportsMemoryAndCpuOfTheServerProcess() throws Exception {
        ServerProcess self = ServerProcess.of(ProcessHandle.current().pid());
        Result r = new IdleScenario(settings(self), new IdleScenario.Options(20, true, 0, 0)).run();
        assertThat(r.failures()).isEmpty();
        assertThat(r.values()).containsKeys("rss_before_kb", "rss_after_kb", "rss_per_connection_kb",
                "server_cpu_percent", "delivered_per_sec", "lost", "reordered", "latency_ms");
        assertThat(r.values().get("connections_ready")).isEqualTo(20);
    }

    @Test
    void connectLoops() throws Exception {
        Result r = new ConnectScenario(settings(null), new ConnectScenario.Options(4, 0)).run();
        assertThat(r.failures()).isEmpty();
        assertThat((long) r.values().get("connects")).isPositive();
    }

    @Test
    void apiRequests() throws Exception {
        Result r = new ApiScenario(settings(null), new ApiScenario.Options(2, 0, 64)).run();
        assertThat(r.failures()).isEmpty();
        assertThat((double) r.values().get("requests_per_sec")).isPositive();
    }

    @Test
    void unreachableServerFailsCleanly() throws Exception {
        server.close();
        Result r = fanout(false);
        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).singleElement().asString().contains("subscribers ready");
    }
}
