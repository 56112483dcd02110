package io.xshathra.netty;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.testkit.ApiClient;
import io.xshathra.testkit.Loopback;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A real engine on a loopback port 0 with a small test configuration. */
final class TestServer implements AutoCloseable {
    static final String SECRET = "test-secret";
    static final String API_KEY = "test-api-key";

    final Node node;
    final NettyServer server;
    private final ApiClient api;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    TestServer() throws InterruptedException {
        this(c -> c);
    }

    TestServer(java.util.function.UnaryOperator<EngineConfig> customize) throws InterruptedException {
        this(customize, b -> b);
    }

    /** @param wrapBroker wraps the memory broker (for example to hold its calls) */
    TestServer(java.util.function.UnaryOperator<EngineConfig> customize,
               java.util.function.UnaryOperator<io.xshathra.engine.broker.Broker> wrapBroker)
            throws InterruptedException {
        EngineConfig cfg = customize.apply(config());
        io.xshathra.engine.broker.Broker broker = wrapBroker.apply(new MemoryBroker(Clock.systemUTC(), scheduler));
        node = EngineParts.builder(cfg, Clock.systemUTC()).broker(broker).version("test").build();
        server = NettyServer.start(node, NettyServer.Options.websocket("127.0.0.1", 0,
                        java.util.Set.of("/realtime/connection/websocket", "/connection/websocket"), 2),
                List.of(new HealthRoute(java.util.Set.of("/realtime/health", "/health")),
                        new ApiRoute(new ApiExecutor(node.api()), node.config().httpApi(), node.metrics(),
                                List.of("/realtime/api", "/api"))));
        api = new ApiClient(Loopback.apiUrl(server.port()), API_KEY);
    }

    /**
     * A memory node without a server that accepts anonymous connections and sends no pings, for
     * tests that drive a transport on an {@code EmbeddedChannel}.
     */
    static Node anonymousNode() {
        EngineConfig base = EngineConfig.defaults("secret", "key");
        ClientConfig c = base.client();
        ClientConfig client = new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(), true,
                c.disallowAnonymousConnectionTokens(), c.insecure(), Duration.ZERO, Duration.ZERO,
                c.expiredCloseDelay(), c.expiredSubCloseDelay(), c.staleCloseDelay(), c.channelLimit(),
                c.queueMaxSize(), c.presenceUpdateInterval(), c.userConnectionLimit(), c.connectionLimit(),
                c.historyMaxPublicationLimit(), c.recoveryMaxPublicationLimit(), c.channelPositionCheckDelay(),
                c.connectIncludeServerTime());
        return EngineParts.builder(base.withClient(client), Clock.systemUTC()).version("test").build();
    }

    static EngineConfig config() {
        ChannelOptions.Builder chat = ChannelOptions.builder();
        chat.presence = true;
        chat.joinLeave = true;
        chat.forcePushJoinLeave = true;
        chat.historySize = 10;
        chat.historyTtl = Duration.ofSeconds(300);
        chat.forceRecovery = true;
        chat.permissions = new ChannelOptions.Permissions(true, false, false, true, false, false, true, false,
                false, true, false);
        Map<String, ChannelOptions> ns = new LinkedHashMap<>();
        ns.put("chat", chat.build());
        EngineConfig base = EngineConfig.defaults(SECRET, API_KEY);
        ClientConfig c = base.client();
        return base.withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(), ns));
    }

    String wsUrl() {
        return Loopback.wsUrl(server.port());
    }

    static String token(String user) {
        return new HmacTokenSigner(SECRET).sign(Map.of("sub", user));
    }

    static String token(Map<String, Object> claims) {
        return new HmacTokenSigner(SECRET).sign(claims);
    }

    /** POSTs to the server API and returns status and body. */
    HttpResponse<String> api(String method, String body) throws Exception {
        return api(method, body, Map.of());
    }

    /** POSTs to the server API with extra headers. */
    HttpResponse<String> api(String method, String body, Map<String, String> headers) throws Exception {
        return api.post(method, body, headers);
    }

    @Override
    public void close() {
        server.close();
        scheduler.shutdownNow();
    }
}
