package io.xshathra.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.Node;
import io.xshathra.netty.HttpRoute;
import io.xshathra.netty.HttpResponses;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus metrics ({@code /metrics} and {@code /realtime/metrics} by default) with the engine's gauges and
 * counters under Centrifugo's metric names, so existing dashboards keep working.
 */
final class MetricsRoute implements HttpRoute {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EngineMetrics metrics;
    private final Set<String> registered = new HashSet<>();

    private final Set<String> paths;

    MetricsRoute(Node node, Set<String> paths) {
        this.paths = Set.copyOf(paths);
        this.metrics = node.metrics();
        Gauge.builder("centrifugo.node.num_clients", node, Node::numClients).register(registry);
        Gauge.builder("centrifugo.node.num_users", node, Node::numUsers).register(registry);
        Gauge.builder("centrifugo.node.num_channels", node, n -> n.hub().numChannels()).register(registry);
        Gauge.builder("centrifugo.node.num_subscriptions", node, n -> n.hub().numSubscriptions()).register(registry);
        FunctionCounter.builder("centrifugo.client.connections_accepted", metrics, EngineMetrics::connectionsAccepted)
                .register(registry);
        FunctionCounter.builder("centrifugo.client.subscriptions_accepted", metrics, EngineMetrics::subscriptionsAccepted)
                .register(registry);
        FunctionCounter.builder("centrifugo.transport.messages_received", metrics, EngineMetrics::commandsReceived)
                .register(registry);
        FunctionCounter.builder("centrifugo.transport.messages_sent", metrics, EngineMetrics::messagesSent)
                .register(registry);
        FunctionCounter.builder("centrifugo.node.messages_published", metrics, EngineMetrics::publications)
                .register(registry);
        FunctionCounter.builder("xshathra.client.read_pauses", metrics, EngineMetrics::readPauses)
                .description("times a connection stopped being read because client.command_queue_limit / 4 commands waited")
                .register(registry);
        FunctionCounter.builder("xshathra.client.command_queue_overflows", metrics, EngineMetrics::commandQueueOverflows)
                .description("connections closed with 3008 because their commands passed client.command_queue_limit")
                .register(registry);
        if (node.broker() instanceof io.xshathra.engine.broker.MemoryBroker memory) {
            Gauge.builder("xshathra.node.memory_streams", memory, io.xshathra.engine.broker.MemoryBroker::streamCount)
                    .description("history streams the memory engine holds (at most channel.memory_stream_limit)")
                    .register(registry);
            FunctionCounter.builder("xshathra.node.memory_streams_evicted", memory,
                            io.xshathra.engine.broker.MemoryBroker::streamsEvicted)
                    .description("streams dropped to stay within channel.memory_stream_limit").register(registry);
        }
    }

    @Override
    public boolean matches(String path) {
        return paths.contains(path);
    }

    /** Labelled counters appear as their label values are first seen. */
    private void registerLabelled() {
        register("centrifugo.client.num_reply_errors", "code", metrics.replyErrors());
        register("centrifugo.client.num_server_disconnects", "code", metrics.disconnects());
        register("centrifugo.api.command", "method", metrics.apiCalls());
        register("centrifugo.api.command_errors", "method", metrics.apiErrors());
    }

    private <K> void register(String name, String label, Map<K, LongAdder> counters) {
        counters.forEach((k, adder) -> {
            if (registered.add(name + '|' + k)) {
                FunctionCounter.builder(name, adder, LongAdder::sum).tag(label, String.valueOf(k)).register(registry);
            }
        });
    }

    @Override
    public synchronized CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
        registerLabelled();
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.completedFuture(
                HttpResponses.of(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", body));
    }
}
