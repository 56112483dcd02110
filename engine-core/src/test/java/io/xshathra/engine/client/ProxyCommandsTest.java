package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ChannelProxies;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.ProxyConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.ProxyBackend;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.RPCRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client commands that reach a real HTTP backend through the proxies, and the replies they get. */
class ProxyCommandsTest {
    private static final Duration T = Duration.ofSeconds(2);
    private final ProxyBackend backend = new ProxyBackend();
    private final HttpProxyTransport http = new HttpProxyTransport(64, 64 * 1024);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() {
        loop.shutdownNow();
        http.close();
        backend.close();
    }

    private static String json(ByteString b) {
        return b.toStringUtf8();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A node whose connect proxy is {@code /connect}, refresh proxy {@code /refresh} when asked for. */
    private Node node(boolean anonymous, boolean refresh) {
        Map<ProxyConfig.Kind, ProxyEndpoint> defaults = new EnumMap<>(ProxyConfig.Kind.class);
        defaults.put(ProxyConfig.Kind.SUBSCRIBE, backend.endpoint("default", "/subscribe", T));
        defaults.put(ProxyConfig.Kind.PUBLISH, backend.endpoint("default", "/publish", T));
        defaults.put(ProxyConfig.Kind.SUB_REFRESH, backend.endpoint("default", "/sub_refresh", T));
        defaults.put(ProxyConfig.Kind.RPC, backend.endpoint("default", "/rpc", T));
        ProxyConfig proxies = new ProxyConfig(backend.endpoint("default", "/connect", T),
                refresh ? backend.endpoint("default", "/refresh", T) : null,
                Map.of("slow", backend.endpoint("slow", "/slow", Duration.ofMillis(200))), defaults,
                new ProxyConfig.RpcRoute(true, "default"),
                Map.of("off", ProxyConfig.RpcRoute.OFF, "slow", new ProxyConfig.RpcRoute(true, "slow")), ":");
        ChannelOptions.Builder open = ChannelOptions.builder();
        open.permissions = TestEngine.subscribeOnly();
        ChannelOptions.Builder sp = ChannelOptions.builder();
        sp.proxies = new ChannelProxies("default", null, "default");
        ChannelOptions.Builder pp = ChannelOptions.builder();
        pp.permissions = TestEngine.subscribeOnly();
        pp.proxies = new ChannelProxies(null, "default", null);
        EngineConfig base = TestEngine.config(TestEngine.namespaces("news", open.build(), "sp", sp.build(),
                "pp", pp.build()), c -> fast(c, anonymous));
        EngineConfig config = base.withProxies(proxies);
        return EngineParts.builder(config, Clock.systemUTC())
                .proxies(new Proxies(new StaticProxyDirectory(proxies), List.of(http))).build();
    }

    /** No pings, a 100 ms tick and no grace after a subscription expires. */
    private static ClientConfig fast(ClientConfig c, boolean anonymous) {
        return new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(), anonymous,
                c.disallowAnonymousConnectionTokens(), false, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, c.staleCloseDelay(), c.channelLimit(),
                c.queueMaxSize(), Duration.ofMillis(100), c.userConnectionLimit(), c.connectionLimit(),
                c.historyMaxPublicationLimit(), c.recoveryMaxPublicationLimit(), c.channelPositionCheckDelay(),
                c.connectIncludeServerTime());
    }

    private static Command.Builder connect(String data) {
        return Command.newBuilder().setConnect(ConnectRequest.newBuilder().setName("test-sdk")
                .setData(ByteString.copyFromUtf8(data)));
    }

    @Test
    void connectProxyDecidesWhoConnectsAndWhatTheyAreSubscribedTo() {
        backend.on("/connect", req -> ProxyBackend.Answer.json("{\"result\": {\"user\": \"u1\", \"expire_at\": "
                + (now() + 3600) + ", \"info\": {\"role\": \"x\"}, \"data\": {\"welcome\": 1},"
                + " \"channels\": [\"news:1\"]}}"));
        TestClient c = new TestClient(node(false, false), loop);
        Reply r = c.call(connect("{\"hello\": true}"));
        assertThat(r.hasError()).as("%s", r.getError()).isFalse();
        assertThat(json(r.getConnect().getData())).isEqualTo("{\"welcome\":1}");
        assertThat(r.getConnect().getSubsMap()).containsOnlyKeys("news:1");
        assertThat(r.getConnect().getExpires()).isTrue();
        assertThat(r.getConnect().getTtl()).isBetween(3500, 3600);
        ProxyBackend.Received got = backend.next();
        assertThat(got.path()).isEqualTo("/connect");
        assertThat(got.body().get("client").asText()).isEqualTo(r.getConnect().getClient());
        assertThat(got.body().get("transport").asText()).isEqualTo("fake");
        assertThat(got.body().get("protocol").asText()).isEqualTo("protobuf");
        assertThat(got.body().get("encoding").asText()).isEqualTo("json");
        assertThat(got.body().get("name").asText()).isEqualTo("test-sdk");
        assertThat(got.body().get("data").toString()).isEqualTo("{\"hello\":true}");
        assertThat(c.session.user()).isEqualTo("u1");
        assertThat(new String(c.session.connInfo(), StandardCharsets.UTF_8)).isEqualTo("{\"role\":\"x\"}");
    }

    @Test
    void connectProxyErrorsDisconnectsAndFailuresReachTheClient() {
        backend.on("/connect", req -> ProxyBackend.Answer.json(switch (req.get("name").asText()) {
            case "error" -> "{\"error\": {\"code\": 1000, \"message\": \"custom\"}}";
            case "disconnect" -> "{\"disconnect\": {\"code\": 4000, \"reason\": \"go away\"}}";
            case "garbage" -> "{\"result\": ";
            case "unknown" -> "{\"result\": {\"user\": \"u\", \"channels\": [\"nope:1\"]}}";
            default -> "{}";
        }));
        Node node = node(false, false);
        Reply err = new TestClient(node, loop).call(named("error"));
        assertThat(err.getError().getCode()).isEqualTo(1000);
        assertThat(err.getError().getMessage()).isEqualTo("custom");
        TestClient dis = new TestClient(node, loop);
        dis.sendAsync(named("disconnect"));
        assertThat(dis.awaitClose()).isEqualTo(new Disconnect(4000, "go away"));
        assertThat(new TestClient(node, loop).call(named("garbage")).getError().getCode()).isEqualTo(100);
        assertThat(new TestClient(node, loop).call(named("unknown")).getError().getCode()).isEqualTo(102);
        TestClient empty = new TestClient(node, loop);
        empty.sendAsync(named("empty"));
        assertThat(empty.awaitClose()).as("no credentials, anonymous not allowed").isEqualTo(Disconnect.BAD_REQUEST);
        Reply anonymous = new TestClient(node(true, false), loop).call(named("empty"));
        assertThat(anonymous.hasConnect()).as("no credentials, anonymous allowed").isTrue();
    }

    private static Command.Builder named(String name) {
        return Command.newBuilder().setConnect(ConnectRequest.newBuilder().setName(name));
    }

    @Test
    void subscribeProxyGrantsOrRefuses() {
        backend.on("/connect", "{\"result\": {\"user\": \"u1\"}}");
        backend.on("/subscribe", req -> ProxyBackend.Answer.json(req.get("channel").asText().equals("sp:no")
                ? "{\"error\": {\"code\": 103, \"message\": \"permission denied\"}}"
                : "{\"result\": {\"info\": {\"i\": 1}, \"data\": {\"d\": 2}}}"));
        TestClient c = new TestClient(node(false, false), loop);
        c.call(connect("{}"));
        backend.next();
        Reply ok = c.subscribe(SubscribeRequest.newBuilder().setChannel("sp:yes")
                .setData(ByteString.copyFromUtf8("{\"s\":1}")));
        assertThat(ok.hasError()).as("%s", ok.getError()).isFalse();
        assertThat(json(ok.getSubscribe().getData())).isEqualTo("{\"d\":2}");
        ProxyBackend.Received got = backend.next();
        assertThat(got.path()).isEqualTo("/subscribe");
        assertThat(got.body().get("user").asText()).isEqualTo("u1");
        assertThat(got.body().get("channel").asText()).isEqualTo("sp:yes");
        assertThat(got.body().get("data").toString()).isEqualTo("{\"s\":1}");
        assertThat(c.subscribe("sp:no").getError().getCode()).isEqualTo(103);
    }

    @Test
    void publishProxyMayRewriteTheData() {
        backend.on("/connect", "{\"result\": {\"user\": \"u1\"}}");
        backend.on("/publish", req -> ProxyBackend.Answer.json(req.get("data").has("deny")
                ? "{\"disconnect\": {\"code\": 4001, \"reason\": \"no\"}}"
                : "{\"result\": {\"data\": {\"rewritten\": true}}}"));
        TestClient c = new TestClient(node(false, false), loop);
        c.call(connect("{}"));
        assertThat(c.subscribe("pp:room").hasError()).isFalse();
        Reply pub = c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("pp:room")
                .setData(ByteString.copyFromUtf8("{\"text\":\"hi\"}"))));
        assertThat(pub.hasError()).as("%s", pub.getError()).isFalse();
        assertThat(json(c.push().getPub().getData())).isEqualTo("{\"rewritten\":true}");
        c.sendAsync(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("pp:room")
                .setData(ByteString.copyFromUtf8("{\"deny\":1}"))));
        assertThat(c.awaitClose()).isEqualTo(new Disconnect(4001, "no"));
    }

    @Test
    void rpcGoesToTheProxyOfItsNamespace() {
        backend.on("/connect", "{\"result\": {\"user\": \"u1\"}}");
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        backend.on("/slow", req -> {
            try {
                never.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ProxyBackend.Answer.json("{}");
        });
        backend.on("/rpc", req -> ProxyBackend.Answer.json("{\"result\": {\"data\": {\"echo\": "
                + req.get("data") + ", \"method\": \"" + req.get("method").asText() + "\"}}}"));
        TestClient c = new TestClient(node(false, false), loop);
        c.call(connect("{}"));
        Reply r = c.call(rpc("sum"));
        assertThat(json(r.getRpc().getData())).isEqualTo("{\"echo\":{\"a\":1},\"method\":\"sum\"}");
        assertThat(c.call(rpc("missing:x")).getError().getCode()).as("unknown namespace").isEqualTo(104);
        assertThat(c.call(rpc("off:x")).getError().getCode()).as("namespace not proxied").isEqualTo(108);
        assertThat(c.call(rpc("slow:x")).getError().getCode()).as("timeout").isEqualTo(100);
        never.countDown();
    }

    private static Command.Builder rpc(String method) {
        return Command.newBuilder().setRpc(RPCRequest.newBuilder().setMethod(method)
                .setData(ByteString.copyFromUtf8("{\"a\":1}")));
    }

    @Test
    void refreshProxyExtendsOrEndsTheConnection() {
        backend.on("/connect", req -> ProxyBackend.Answer.json("{\"result\": {\"user\": \""
                + req.get("name").asText() + "\", \"expire_at\": " + (now() + 2) + "}}"));
        backend.on("/refresh", req -> ProxyBackend.Answer.json(req.get("user").asText().equals("stay")
                ? "{\"result\": {\"expire_at\": " + (now() + 3600) + "}}" : "{\"result\": {\"expired\": true}}"));
        Node node = node(false, true);
        TestClient stay = new TestClient(node, loop);
        Reply r = stay.call(named("stay"));
        assertThat(r.getConnect().getExpires()).as("the server refreshes, not the client").isFalse();
        TestClient leave = new TestClient(node, loop);
        assertThat(leave.call(named("leave")).hasConnect()).isTrue();
        assertThat(leave.awaitClose()).isEqualTo(Disconnect.EXPIRED);
        io.xshathra.testkit.Await.until(() -> stay.session.expireAt() > now() + 100, "stay refreshed");
        assertThat(stay.transport.closed).isNotDone();
        stay.sendAsync(Command.newBuilder().setRefresh(io.xshathra.protocol.proto.RefreshRequest.newBuilder()
                .setToken(TestEngine.token("stay"))));
        assertThat(stay.awaitClose()).as("the server refreshes; a client refresh is a protocol error")
                .isEqualTo(Disconnect.BAD_REQUEST);
    }

    @Test
    void subRefreshProxyEndsAnExpiredSubscription() {
        backend.on("/connect", "{\"result\": {\"user\": \"u1\"}}");
        backend.on("/subscribe", req -> ProxyBackend.Answer.json("{\"result\": {\"expire_at\": " + (now() + 2) + "}}"));
        backend.on("/sub_refresh", "{\"result\": {\"expired\": true}}");
        TestClient c = new TestClient(node(false, false), loop);
        c.call(connect("{}"));
        Reply sub = c.subscribe("sp:x");
        assertThat(sub.getSubscribe().getExpires()).as("the server refreshes, not the client").isFalse();
        assertThat(c.push().getUnsubscribe().getCode()).isEqualTo(2501);
    }

    @Test
    void clientSubRefreshOfAServerRefreshedSubscriptionIsRefused() {
        backend.on("/connect", "{\"result\": {\"user\": \"u1\"}}");
        backend.on("/subscribe", req -> ProxyBackend.Answer.json("{\"result\": {\"expire_at\": " + (now() + 2) + "}}"));
        backend.on("/sub_refresh", "{\"result\": {\"expired\": true}}");
        TestClient c = new TestClient(node(false, false), loop);
        c.call(connect("{}"));
        Reply sub = c.subscribe("sp:x");
        assertThat(sub.getSubscribe().getExpires()).as("the server refreshes, not the client").isFalse();
        c.sendAsync(Command.newBuilder().setSubRefresh(io.xshathra.protocol.proto.SubRefreshRequest.newBuilder()
                .setChannel("sp:x").setToken("t")));
        assertThat(c.awaitClose()).as("the server refreshes; a client sub_refresh is a protocol error")
                .isEqualTo(Disconnect.BAD_REQUEST);
    }
}
