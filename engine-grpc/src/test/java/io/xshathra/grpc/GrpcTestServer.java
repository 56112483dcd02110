package io.xshathra.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.grpc.api.CentrifugoApiGrpc;
import io.xshathra.grpc.unistream.CentrifugoUniStreamGrpc;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real memory node with the gRPC API and uni_grpc listening on loopback port 0, and channels
 * to them. Namespace {@code chat} has presence, join/leave and history; the client queue limit
 * is {@code queueMaxSize} and server pings are off.
 */
final class GrpcTestServer implements AutoCloseable {
    static final String SECRET = "grpc-test-secret";
    static final String API_KEY = "grpc-test-key";

    final Node node;
    final ApiExecutor executor;
    final GrpcServer api;
    final GrpcServer uni;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final java.util.List<ManagedChannel> channels = new java.util.ArrayList<>();

    GrpcTestServer(long queueMaxSize, GrpcTls tls) throws IOException {
        node = EngineParts.builder(config(queueMaxSize), Clock.systemUTC())
                .broker(new MemoryBroker(Clock.systemUTC(), scheduler)).version("test").build();
        executor = new ApiExecutor(node.api());
        api = GrpcServer.startApi(executor, node.metrics(),
                new GrpcApiSettings(new GrpcListener(true, "127.0.0.1", 0, 0, tls), API_KEY, true, false));
        uni = GrpcServer.startUniStream(node, new UniGrpcSettings(new GrpcListener(true, "127.0.0.1", 0, 0, tls)));
    }

    GrpcTestServer() throws IOException {
        this(1 << 20, null);
    }

    static EngineConfig config(long queueMaxSize) {
        ChannelOptions.Builder chat = ChannelOptions.builder();
        chat.presence = true;
        chat.joinLeave = true;
        chat.historySize = 10;
        chat.historyTtl = Duration.ofSeconds(300);
        Map<String, ChannelOptions> ns = new LinkedHashMap<>();
        ns.put("chat", chat.build());
        ChannelOptions.Builder map = ChannelOptions.builder();
        map.subscriptionType = io.xshathra.engine.config.SubscriptionType.MAP;
        map.map = new io.xshathra.engine.config.MapOptions(io.xshathra.engine.config.MapOptions.MapMode.PERSISTENT,
                Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, false, io.xshathra.engine.config.MapOptions.NONE.clientKey(),
                io.xshathra.engine.config.MapOptions.Access.NONE, io.xshathra.engine.config.MapOptions.Paging.DEFAULTS, "", "");
        ns.put("map", map.build());
        EngineConfig base = EngineConfig.defaults(SECRET, API_KEY);
        ClientConfig c = base.client();
        ClientConfig client = new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(),
                c.allowAnonymousConnectWithoutToken(), c.disallowAnonymousConnectionTokens(), c.insecure(),
                Duration.ZERO, Duration.ZERO, c.expiredCloseDelay(), c.expiredSubCloseDelay(), c.staleCloseDelay(),
                c.channelLimit(), queueMaxSize, c.presenceUpdateInterval(), c.userConnectionLimit(),
                c.connectionLimit(), c.historyMaxPublicationLimit(), c.recoveryMaxPublicationLimit(),
                c.channelPositionCheckDelay(), c.connectIncludeServerTime());
        return base.withClient(client).withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(), ns));
    }

    static String token(String user) {
        return new HmacTokenSigner(SECRET).sign(Map.of("sub", user));
    }

    ManagedChannel channel(int port) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(ch);
        return ch;
    }

    /** A blocking API stub presenting {@code key} ({@code null}: no authorization metadata). */
    CentrifugoApiGrpc.CentrifugoApiBlockingStub apiStub(String key) {
        CentrifugoApiGrpc.CentrifugoApiBlockingStub stub = CentrifugoApiGrpc.newBlockingStub(channel(api.port()))
                .withDeadlineAfter(5, TimeUnit.SECONDS);
        if (key == null) {
            return stub;
        }
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "apikey " + key);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    CentrifugoUniStreamGrpc.CentrifugoUniStreamStub uniStub() {
        return CentrifugoUniStreamGrpc.newStub(channel(uni.port()));
    }

    @Override
    public void close() {
        for (ManagedChannel ch : channels) {
            ch.shutdownNow();
        }
        api.close(Duration.ofSeconds(1));
        uni.close(Duration.ofSeconds(1));
        scheduler.shutdownNow();
    }
}
