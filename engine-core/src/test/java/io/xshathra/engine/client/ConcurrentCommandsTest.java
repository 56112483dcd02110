package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelProxies;
import io.xshathra.engine.config.ClientTuning;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.ProxyBackend;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.RPCRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code client.concurrency} with a real, slow HTTP backend: proxied commands of one connection
 * run side by side up to the limit, replies carry their ids in completion order, and commands
 * about the same channel keep their order.
 */
class ConcurrentCommandsTest {
    private static final Duration T = Duration.ofSeconds(4);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(64, 64 * 1024);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    /** Held requests by name (an RPC method or a channel): each waits until its latch opens. */
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    /** Names of the requests that arrived while at least one gate was still closed. */
    private final Set<String> arrivedWhileHeld = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        gates.values().forEach(CountDownLatch::countDown);
        loop.shutdownNow();
        http.close();
        backend.close();
    }

    private void hold(String name) {
        gates.put(name, new CountDownLatch(1));
    }

    private void release(String name) {
        gates.get(name).countDown();
    }

    private ProxyBackend.Answer gated(String name, String json) {
        if (gates.values().stream().anyMatch(g -> g.getCount() > 0)) {
            arrivedWhileHeld.add(name);
        }
        CountDownLatch gate = gates.get(name);
        try {
            if (gate != null && !gate.await(T.toMillis(), TimeUnit.MILLISECONDS)) {
                return new ProxyBackend.Answer(500, new byte[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ProxyBackend.Answer.json(json);
    }

    private Node node(int concurrency, int channelLimit) {
        backend.on("/rpc", req -> gated(req.get("method").asText(), "{\"result\": {\"data\": {\"ok\": 1}}}"));
        backend.on("/subscribe", req -> gated(req.get("channel").asText(), "{\"result\": {}}"));
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        defaults.put(ProxyConfig.Kind.SUBSCRIBE, backend.endpoint("default", "/subscribe", T));
        defaults.put(ProxyConfig.Kind.RPC, backend.endpoint("default", "/rpc", T));
        ProxyConfig proxies = new ProxyConfig(null, null, Map.of(), defaults, new ProxyConfig.RpcRoute(true, "default"),
                Map.of(), ":");
        ChannelOptions.Builder sp = ChannelOptions.builder();
        sp.proxies = new ChannelProxies("default", null, null);
        EngineConfig base = TestEngine.config(TestEngine.namespaces("sp", sp.build()), c -> {
            var cc = TestEngine.client(c, false, false, 300);
            return new io.xshathra.engine.config.ClientConfig(cc.token(), cc.subscriptionToken(), cc.allowedOrigins(),
                    false, false, false, cc.pingInterval(), cc.pongTimeout(), cc.expiredCloseDelay(),
                    cc.expiredSubCloseDelay(), cc.staleCloseDelay(), channelLimit, cc.queueMaxSize(),
                    cc.presenceUpdateInterval(), 0, 0, 300, 300, cc.channelPositionCheckDelay(), false)
                    .withTuning(new ClientTuning(concurrency, Duration.ZERO));
        });
        EngineConfig config = base.withProxies(proxies);
        return EngineParts.builder(config, Clock.systemUTC())
                .proxies(new Proxies(new StaticProxyDirectory(proxies), List.of(http))).build();
    }

    private TestClient connected(Node node) {
        TestClient c = new TestClient(node, loop);
        c.connect(TestEngine.token("u1"));
        return c;
    }

    private static Command.Builder rpc(String method) {
        return Command.newBuilder().setRpc(RPCRequest.newBuilder().setMethod(method).setData(ByteString.copyFromUtf8("{}")));
    }

    private static Command.Builder subscribe(String channel) {
        return Command.newBuilder().setSubscribe(SubscribeRequest.newBuilder().setChannel(channel));
    }

    @Test
    void aSlowCommandNoLongerHoldsBackTheNextOnes() {
        TestClient c = connected(node(4, 128));
        hold("slow");
        int slow = c.sendAsync(rpc("slow"));
        int fast = c.sendAsync(rpc("fast"));
        Reply first = c.nextWritten();
        assertThat(first.getId()).as("the fast reply overtakes the slow one").isEqualTo(fast);
        assertThat(first.getRpc().getData().toStringUtf8()).isEqualTo("{\"ok\":1}");
        release("slow");
        Reply second = c.nextWritten();
        assertThat(second.getId()).isEqualTo(slow);
        assertThat(second.hasError()).isFalse();
        assertThat(arrivedWhileHeld).contains("fast");
    }

    @Test
    void withoutConcurrencyCommandsRunOneAfterTheOther() {
        TestClient c = connected(node(0, 128));
        hold("slow");
        int slow = c.sendAsync(rpc("slow"));
        int fast = c.sendAsync(rpc("fast"));
        assertThat(backend.next().body().get("method").asText()).isEqualTo("slow");
        release("slow");
        assertThat(c.nextWritten().getId()).isEqualTo(slow);
        assertThat(c.nextWritten().getId()).isEqualTo(fast);
        assertThat(arrivedWhileHeld).as("the fast call waited for the slow one").doesNotContain("fast");
    }

    @Test
    void atTheLimitTheNextCommandWaitsForAFreeSlot() {
        TestClient c = connected(node(2, 128));
        hold("slow1");
        hold("slow2");
        int s1 = c.sendAsync(rpc("slow1"));
        int s2 = c.sendAsync(rpc("slow2"));
        int fast = c.sendAsync(rpc("fast"));
        backend.next();
        backend.next();
        c.barrier();
        assertThat(backend.receivedCount()).as("two in flight, the third waits").isZero();
        release("slow2");
        assertThat(c.nextWritten().getId()).isEqualTo(s2);
        assertThat(c.nextWritten().getId()).as("the third ran in the freed slot").isEqualTo(fast);
        release("slow1");
        assertThat(c.nextWritten().getId()).isEqualTo(s1);
    }

    @Test
    void commandsAboutTheSameChannelKeepTheirOrder() {
        TestClient c = connected(node(4, 128));
        hold("sp:slow");
        int sub = c.sendAsync(subscribe("sp:slow"));
        int other = c.sendAsync(subscribe("sp:other"));
        // Like Centrifugo, an unsubscribe waits for the subscribe under way on its channel (and the
        // commands after it wait with it).
        int unsub = c.sendAsync(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("sp:slow")));
        assertThat(c.nextWritten().getId()).as("another channel goes ahead").isEqualTo(other);
        release("sp:slow");
        Reply subscribed = c.nextWritten();
        assertThat(subscribed.getId()).isEqualTo(sub);
        assertThat(subscribed.hasSubscribe()).isTrue();
        assertThat(c.nextWritten().getId()).as("the unsubscribe waited for the subscribe").isEqualTo(unsub);
        c.barrier();
        assertThat(c.session.subscribed("sp:slow")).isFalse();
        assertThat(c.session.subscribed("sp:other")).isTrue();
    }

    @Test
    void subscribesUnderWayCountAgainstTheChannelLimit() {
        TestClient c = connected(node(4, 1));
        hold("sp:a");
        int a = c.sendAsync(subscribe("sp:a"));
        int b = c.sendAsync(subscribe("sp:b"));
        release("sp:a");
        assertThat(c.nextWritten().getId()).isEqualTo(a);
        Reply second = c.nextWritten();
        assertThat(second.getId()).isEqualTo(b);
        assertThat(second.getError().getCode()).as("limit exceeded").isEqualTo(106);
    }
}
