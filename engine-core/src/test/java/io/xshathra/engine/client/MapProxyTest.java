package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.MapStateQuery;
import io.xshathra.engine.broker.MapStateResult;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelProxies;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.ProxyBackend;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client map writes in namespaces with {@code map.publish_proxy_enabled} / {@code map.remove_proxy_enabled}
 * against a real HTTP backend: what the backend receives, what its result changes, and how its
 * errors, disconnects and failures reach the client.
 */
class MapProxyTest {
    private static final Duration T = Duration.ofSeconds(2);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(64, 64 * 1024);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private Node node;

    @AfterEach
    void close() {
        loop.shutdownNow();
        http.close();
        backend.close();
    }

    private static ChannelOptions map(ChannelProxies proxies) {
        MapOptions m = new MapOptions(MapMode.PERSISTENT, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, false,
                MapOptions.ClientKey.REQUEST, new MapOptions.Access(false, false, false, false, false, false),
                MapOptions.Paging.DEFAULTS, "", "");
        ChannelOptions.Builder b = ChannelOptions.builder();
        b.permissions = TestEngine.subscribeOnly();
        b.subscriptionType = SubscriptionType.MAP;
        b.map = m;
        b.proxies = proxies;
        return b.build();
    }

    private TestClient client() {
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        defaults.put(ProxyConfig.Kind.MAP_PUBLISH, backend.endpoint("default", "/map_publish", T));
        defaults.put(ProxyConfig.Kind.MAP_REMOVE, backend.endpoint("default", "/map_remove", T));
        ProxyConfig proxies = new ProxyConfig(backend.endpoint("default", "/connect", T), null,
                Map.of("slow", backend.endpoint("slow", "/slow", Duration.ofMillis(200))), defaults,
                ProxyConfig.RpcRoute.OFF, Map.of(), ":");
        EngineConfig config = TestEngine.config(TestEngine.namespaces(
                "mp", map(new ChannelProxies(null, null, null, "default", "default")),
                "pubonly", map(new ChannelProxies(null, null, null, "default", null)),
                "slow", map(new ChannelProxies(null, null, null, "slow", null)),
                "plain", map(ChannelProxies.NONE)), c -> c).withProxies(proxies);
        node = EngineParts.builder(config, Clock.systemUTC())
                .proxies(new Proxies(new StaticProxyDirectory(proxies), List.of(http))).build();
        backend.on("/connect", "{\"result\": {\"user\": \"u1\"}}");
        TestClient c = new TestClient(node, loop);
        c.call(Command.newBuilder().setConnect(ConnectRequest.getDefaultInstance()));
        return c;
    }

    private static Command.Builder write(String channel, String key, String json) {
        return Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel(channel).setType(1).setKey(key)
                .setData(ByteString.copyFromUtf8(json)));
    }

    private static Command.Builder remove(String channel, String key) {
        return Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel(channel).setType(1).setKey(key)
                .setRemoved(true));
    }

    private List<Publication> state(String channel) {
        MapStateResult r = node.context().mapBroker().readState(channel, new MapStateQuery("", 100, null),
                map(ChannelProxies.NONE).map()).toCompletableFuture().join();
        return r.entries();
    }

    @Test
    void theBackendSeesTheWriteAndItsResultDecidesKeyDataAndTags() {
        backend.on("/map_publish", req -> ProxyBackend.Answer.json(req.get("key").asText().equals("keep")
                ? "{\"result\": {}}"
                : "{\"result\": {\"key\": \"forced\", \"data\": {\"by\": \"proxy\"}, \"tags\": {\"t\": \"p\"}}}"));
        TestClient c = client();
        Reply kept = c.call(write("mp:a", "keep", "{\"v\":1}"));
        assertThat(kept.hasError()).as("%s", kept.getError()).isFalse();
        ProxyBackend.Received got = backend.next();
        assertThat(got.path()).isEqualTo("/connect");
        got = backend.next();
        assertThat(got.path()).isEqualTo("/map_publish");
        assertThat(got.body().get("channel").asText()).isEqualTo("mp:a");
        assertThat(got.body().get("key").asText()).isEqualTo("keep");
        assertThat(got.body().get("user").asText()).isEqualTo("u1");
        assertThat(got.body().get("data").toString()).isEqualTo("{\"v\":1}");

        assertThat(c.call(write("mp:a", "other", "{\"v\":2}")).hasError()).isFalse();
        List<Publication> state = state("mp:a");
        assertThat(state).extracting(Publication::getKey).containsExactly("forced", "keep");
        assertThat(state.get(0).getData().toStringUtf8()).isEqualTo("{\"by\":\"proxy\"}");
        assertThat(state.get(0).getTagsMap()).containsEntry("t", "p");
        assertThat(state.get(0).getInfo().getUser()).isEqualTo("u1");
        assertThat(state.get(1).getData().toStringUtf8()).isEqualTo("{\"v\":1}");
    }

    @Test
    void removalsGoToTheRemoveProxyWhichMayNameTheKey() {
        backend.on("/map_publish", "{\"result\": {}}");
        backend.on("/map_remove", req -> ProxyBackend.Answer.json(req.get("key").asText().equals("alias")
                ? "{\"result\": {\"key\": \"a\"}}" : "{}"));
        TestClient c = client();
        c.call(write("mp:r", "a", "1"));
        c.call(write("mp:r", "b", "2"));
        assertThat(c.call(remove("mp:r", "alias")).hasError()).isFalse();
        assertThat(c.call(remove("mp:r", "b")).hasError()).isFalse();
        assertThat(state("mp:r")).isEmpty();
        assertThat(c.call(write("mp:r", "", "3")).getError().getCode()).as("no key from client or backend")
                .isEqualTo(107);
    }

    @Test
    void errorsDisconnectsAndFailuresOfTheBackendReachTheClient() {
        backend.on("/map_publish", req -> switch (req.get("key").asText()) {
            case "err" -> ProxyBackend.Answer.json("{\"error\": {\"code\": 4000, \"message\": \"nope\"}}");
            case "garbage" -> ProxyBackend.Answer.json("not json");
            case "500" -> new ProxyBackend.Answer(500, new byte[0]);
            default -> ProxyBackend.Answer.json("{\"disconnect\": {\"code\": 4500, \"reason\": \"bye\"}}");
        });
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        backend.on("/slow", req -> {
            try {
                never.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ProxyBackend.Answer.json("{}");
        });
        TestClient c = client();
        Reply err = c.call(write("mp:e", "err", "1"));
        assertThat(err.getError().getCode()).isEqualTo(4000);
        assertThat(err.getError().getMessage()).isEqualTo("nope");
        assertThat(c.call(write("mp:e", "garbage", "1")).getError().getCode()).isEqualTo(100);
        assertThat(c.call(write("mp:e", "500", "1")).getError().getCode()).isEqualTo(100);
        assertThat(c.call(write("slow:e", "k", "1")).getError().getCode()).as("timeout").isEqualTo(100);
        assertThat(state("mp:e")).isEmpty();
        c.sendAsync(write("mp:e", "bye", "1"));
        assertThat(c.awaitClose()).isEqualTo(new Disconnect(4500, "bye"));
    }

    @Test
    void withoutAProxyForTheKindTheNamespacesPermissionsApply() {
        backend.on("/map_publish", "{\"result\": {}}");
        TestClient c = client();
        assertThat(c.call(remove("pubonly:x", "k")).getError().getCode()).as("no remove proxy, removal not allowed")
                .isEqualTo(103);
        assertThat(c.call(write("plain:x", "k", "1")).getError().getCode()).isEqualTo(103);
        assertThat(backend.receivedCount()).as("only the connect call").isEqualTo(1);
    }
}
