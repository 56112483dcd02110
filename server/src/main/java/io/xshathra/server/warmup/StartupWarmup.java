package io.xshathra.server.warmup;

import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PresenceRequest;
import io.xshathra.protocol.proto.PresenceStatsRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the server's request paths a few times over a private loopback listener before the
 * public port accepts its first client: health, the WebSocket upgrade, connect and subscribe with
 * tokens, a server API publish delivered to the subscriber, history, presence and unsubscribe,
 * in JSON and in Protobuf. A fresh JVM otherwise loads and links several hundred classes (and
 * runs the token, codec and hub code in its interpreter) while the first real client waits; after
 * this the first client is served by code that is loaded and partly compiled.
 *
 * <p>It never fails the start: a step the configuration refuses (API disabled, a namespace
 * without history) just ends that round, and the whole warm-up is bounded by
 * {@link Plan#budgetMillis}. It calls no backend: sessions carry tokens the server signed itself
 * (none when it can sign none), so no connect or subscribe proxy is asked, and a server API
 * publish calls none. Its connections count in the node's metrics like any other.
 */
public final class StartupWarmup implements IntConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(StartupWarmup.class);
    private static final int MAX_FRAMES_PER_WAIT = 64;
    private static final long SETTLE_STEP_MILLIS = 20;
    private static final long SETTLE_MAX_NANOS = 1_000_000_000L;

    /**
     * What to drive.
     *
     * @param healthPath        the health endpoint, or null when disabled
     * @param webSocketPath     the bidirectional WebSocket endpoint, or null when disabled
     * @param apiPath           the server HTTP API, or null when disabled
     * @param apiKey            its key ("" when none is configured)
     * @param connectionToken   a connection token this server accepts ("" when it can sign none)
     * @param subscriptionToken a subscription token for {@code channel} ("" when none)
     * @param channel           a channel of the default namespace used only by the warm-up
     * @param rounds            the most rounds (each: one JSON and one Protobuf session)
     * @param budgetMillis      the most time the whole warm-up may take
     * @param compilerNice      the nice value the JIT compiler's threads get at the end
     *                          ({@link CompilerPriority}); 0 leaves them alone
     */
    public record Plan(String healthPath, String webSocketPath, String apiPath, String apiKey, String connectionToken,
                       String subscriptionToken, String channel, int rounds, long budgetMillis, int compilerNice) {
    }

    private final Plan plan;

    public StartupWarmup(Plan plan) {
        this.plan = plan;
    }

    /**
     * Runs the warm-up against the listener on {@code port} (loopback); on port 0 (no listener)
     * only what follows the rounds: the compiler's settling, the memory settle and its priority.
     */
    @Override
    public void accept(int port) {
        run(port);
    }

    /** Runs the warm-up against {@code port} (none on 0); returns how many rounds completed every step. */
    public int run(int port) {
        long start = System.nanoTime();
        long deadline = start + plan.budgetMillis() * 1_000_000;
        int rounds = 0;
        try {
            while (port > 0 && rounds < plan.rounds() && System.nanoTime() < deadline) {
                round(port, rounds);
                rounds++;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("warm-up ended after {} rounds: {}", rounds, e.toString());
        }
        settleCompiler(System.nanoTime() + SETTLE_MAX_NANOS);
        // Start-up (configuration, migrations, the warm-up, the compiler's work) leaves a grown
        // heap and freed native memory that would otherwise stay with the process for good.
        MemorySettle.run();
        // What start-up needed is compiled by now; from here on the compiler takes idle CPU.
        CompilerPriority.lower(plan.compilerNice());
        LOG.debug("warm-up: {} rounds in {} ms", rounds, (System.nanoTime() - start) / 1_000_000);
        return rounds;
    }

    /**
     * Waits (bounded) until the JIT compiler has been idle for a moment: the methods the warm-up
     * made hot are compiled in the background, and on a one-CPU machine a first client served
     * while that goes on waits for the compiler's share of the CPU.
     */
    private static void settleCompiler(long deadline) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(SETTLE_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private void round(int port, int i) throws IOException {
        if (plan.healthPath() != null) {
            LoopbackClient.request(port, "GET", plan.healthPath(), "", new byte[0]);
        }
        // Without tokens of its own a session would connect or subscribe anonymously, which a
        // configured connect or subscribe proxy would forward to the operator's backend: none then.
        if (plan.webSocketPath() == null || plan.connectionToken().isEmpty() || plan.subscriptionToken().isEmpty()) {
            return;
        }
        jsonSession(port, i);
        protobufSession(port, i);
    }

    private void jsonSession(int port, int i) throws IOException {
        try (LoopbackClient ws = LoopbackClient.webSocket(port, plan.webSocketPath())) {
            String ch = quote(plan.channel());
            send(ws, "{\"id\":1,\"connect\":{\"token\":" + quote(plan.connectionToken()) + "}}\n"
                    + "{\"id\":2,\"subscribe\":{\"channel\":" + ch + ",\"token\":" + quote(plan.subscriptionToken())
                    + "}}");
            awaitText(ws, "\"id\":2");
            if (publish(port, "{\"channel\":" + ch + ",\"data\":{\"warmup\":" + i + "}}")) {
                awaitText(ws, "\"pub\"");
            }
            send(ws, "{\"id\":3,\"history\":{\"channel\":" + ch + ",\"limit\":1}}\n"
                    + "{\"id\":4,\"presence\":{\"channel\":" + ch + "}}\n"
                    + "{\"id\":5,\"presence_stats\":{\"channel\":" + ch + "}}\n"
                    + "{\"id\":6,\"unsubscribe\":{\"channel\":" + ch + "}}");
            awaitText(ws, "\"id\":6");
            ws.closeGracefully();
        }
    }

    private void protobufSession(int port, int i) throws IOException {
        try (LoopbackClient ws = LoopbackClient.webSocket(port, plan.webSocketPath() + "?format=protobuf")) {
            String ch = plan.channel();
            ws.send(delimited(
                    Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder()
                            .setToken(plan.connectionToken())).build(),
                    Command.newBuilder().setId(2).setSubscribe(SubscribeRequest.newBuilder().setChannel(ch)
                            .setToken(plan.subscriptionToken())).build()), false);
            awaitReply(ws, r -> r.getId() == 2);
            if (publish(port, "{\"channel\":" + quote(ch) + ",\"data\":{\"warmup\":" + i + "}}")) {
                awaitReply(ws, r -> r.getId() == 0 && r.hasPush() && r.getPush().hasPub());
            }
            ws.send(delimited(
                    Command.newBuilder().setId(3).setHistory(HistoryRequest.newBuilder().setChannel(ch).setLimit(1))
                            .build(),
                    Command.newBuilder().setId(4).setPresence(PresenceRequest.newBuilder().setChannel(ch)).build(),
                    Command.newBuilder().setId(5).setPresenceStats(PresenceStatsRequest.newBuilder().setChannel(ch))
                            .build(),
                    Command.newBuilder().setId(6).setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel(ch))
                            .build()), false);
            awaitReply(ws, r -> r.getId() == 6);
            ws.closeGracefully();
        }
    }

    /** A server API publish; false when the API is off or refuses it (then nothing is delivered). */
    private boolean publish(int port, String body) throws IOException {
        if (plan.apiPath() == null) {
            return false;
        }
        String auth = plan.apiKey().isEmpty() ? "" : "X-API-Key: " + plan.apiKey() + "\r\n";
        int status = LoopbackClient.request(port, "POST", plan.apiPath() + "/publish",
                auth + "Content-Type: application/json\r\n", body.getBytes(StandardCharsets.UTF_8));
        return status == 200;
    }

    private static void send(LoopbackClient ws, String text) throws IOException {
        ws.send(text.getBytes(StandardCharsets.UTF_8), true);
    }

    private static void awaitText(LoopbackClient ws, String needle) throws IOException {
        for (int i = 0; i < MAX_FRAMES_PER_WAIT; i++) {
            if (new String(ws.receive(), StandardCharsets.UTF_8).contains(needle)) {
                return;
            }
        }
        throw new IOException("no frame with " + needle);
    }

    private static void awaitReply(LoopbackClient ws, Predicate<Reply> wanted) throws IOException {
        for (int i = 0; i < MAX_FRAMES_PER_WAIT; i++) {
            ByteArrayInputStream in = new ByteArrayInputStream(ws.receive());
            while (in.available() > 0) {
                Reply r = Reply.parseDelimitedFrom(in);
                if (r != null && wanted.test(r)) {
                    return;
                }
            }
        }
        throw new IOException("no such reply");
    }

    private static byte[] delimited(Command... commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Command c : commands) {
            c.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    /** A JSON string literal (the values here are tokens and channel names: no escaping beyond quotes). */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
