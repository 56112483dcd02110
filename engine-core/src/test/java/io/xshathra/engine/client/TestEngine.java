package io.xshathra.engine.client;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A node on a memory broker with one real single-threaded event loop for its test clients.
 * Configuration is built directly as records.
 */
final class TestEngine implements AutoCloseable {
    static final String SECRET = "session-test-secret";

    final Node node;
    final Broker broker;
    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-loop"));
    private final List<TestClient> clients = new java.util.ArrayList<>();

    TestEngine(EngineConfig config) {
        this(config, new MemoryBroker(Clock.systemUTC(), null));
    }

    TestEngine(EngineConfig config, Broker broker) {
        this(config, broker, ProjectAuthority.NONE);
    }

    TestEngine(EngineConfig config, Broker broker, ProjectAuthority projects) {
        this(config, broker, projects, Clock.systemUTC());
    }

    TestEngine(EngineConfig config, Broker broker, ProjectAuthority projects, Clock clock) {
        this.broker = broker;
        this.node = EngineParts.builder(config, clock).broker(broker).projects(projects).build();
    }

    /** Defaults with the given namespaces (and nothing allowed without a namespace). */
    static EngineConfig config(Map<String, ChannelOptions> namespaces, UnaryOperator<ClientConfig> client) {
        EngineConfig base = EngineConfig.defaults(SECRET, "api-key");
        return base.withClient(client.apply(base.client()))
                .withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(), namespaces));
    }

    static Map<String, ChannelOptions> namespaces(Object... nameThenOptions) {
        Map<String, ChannelOptions> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenOptions.length; i += 2) {
            out.put((String) nameThenOptions[i], (ChannelOptions) nameThenOptions[i + 1]);
        }
        return out;
    }

    static ChannelOptions options(Consumer<ChannelOptions.Builder> c) {
        ChannelOptions.Builder b = ChannelOptions.builder();
        c.accept(b);
        return b.build();
    }

    /** Permissions with only subscribing allowed (for clients and anonymous users). */
    static ChannelOptions.Permissions subscribeOnly() {
        return new ChannelOptions.Permissions(true, true, false, false, false, false, false, false, false, false,
                false);
    }

    /** A copy of {@code c} with the fields tests vary; server pings are off so only replies and pushes arrive. */
    static ClientConfig client(ClientConfig c, boolean anonymous, boolean insecure, int recoveryLimit) {
        return client(c, anonymous, insecure, recoveryLimit, c.historyMaxPublicationLimit());
    }

    static ClientConfig client(ClientConfig c, boolean anonymous, boolean insecure, int recoveryLimit,
                               int historyLimit) {
        return new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(), anonymous,
                c.disallowAnonymousConnectionTokens(), insecure, Duration.ZERO, Duration.ZERO,
                c.expiredCloseDelay(), c.expiredSubCloseDelay(), c.staleCloseDelay(), c.channelLimit(),
                c.queueMaxSize(), c.presenceUpdateInterval(), c.userConnectionLimit(), c.connectionLimit(),
                historyLimit, recoveryLimit, c.channelPositionCheckDelay(), c.connectIncludeServerTime());
    }

    static String token(Map<String, ?> claims) {
        return new HmacTokenSigner(SECRET).sign(claims);
    }

    static String token(String user) {
        return token(Map.of("sub", user));
    }

    TestClient newClient() {
        TestClient c = new TestClient(node, loop);
        clients.add(c);
        return c;
    }

    /** A connected client of {@code user} ("" = anonymous, connecting without a token). */
    TestClient connected(String user) {
        TestClient c = newClient();
        c.connect(user.isEmpty() ? "" : token(user));
        return c;
    }

    /** Publishes {@code {"n":i}} through the node with the channel's namespace options. */
    StreamPosition publish(String channel, int n) {
        ChannelOptions o = node.channelRules().resolve(channel).options();
        return node.publish(channel, pub(n), o, null).toCompletableFuture().join().position();
    }

    static Publication pub(int n) {
        return Publication.newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("{\"n\":" + n + "}"))
                .build();
    }

    StreamPosition top(String channel) {
        return broker.history(channel, HistoryQuery.top(ChannelConfig.DEFAULT_HISTORY_META_TTL))
                .toCompletableFuture().join().top();
    }

    /** The first broken transport rule of any client, or null. */
    String violations() {
        for (TestClient c : clients) {
            if (c.transport.violation != null) {
                return c.transport.violation;
            }
        }
        return null;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        broker.close();
    }
}
