package io.xshathra.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.EngineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The resource-bound metrics next to Centrifugo's: read pauses, queue overflows, memory streams. */
class MetricsRouteTest {

    @Test
    void exportsTheBoundsCounters() {
        MemoryBroker broker = new MemoryBroker(Clock.systemUTC(), null, 10);
        Node node = EngineParts.builder(EngineConfig.defaults("s", "k"), Clock.systemUTC()).broker(broker).version("test").build();
        node.metrics().readPaused();
        node.metrics().commandQueueOverflow();
        MetricsRoute route = new MetricsRoute(node, Set.of("/metrics"));
        FullHttpResponse r = route.handle(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics"),
                "/metrics").toCompletableFuture().join();
        String body = r.content().toString(StandardCharsets.UTF_8);
        r.release();
        assertThat(body).contains("xshathra_client_read_pauses_total 1.0",
                "xshathra_client_command_queue_overflows_total 1.0", "xshathra_node_memory_streams 0.0",
                "xshathra_node_memory_streams_evicted_total 0.0", "centrifugo_node_num_clients 0.0");
        broker.close();
    }
}
