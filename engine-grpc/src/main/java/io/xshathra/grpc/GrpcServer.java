package io.xshathra.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.metrics.EngineMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gRPC listener: the server API ({@link #startApi}) or the uni_grpc transport
 * ({@link #startUniStream}). Each binds its configured address, logs one line, and on
 * {@link #close} stops taking calls, lets running calls end for a bounded time, then cancels the
 * rest.
 */
public final class GrpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);
    /** Concurrent calls one HTTP/2 connection may open: a peer cannot pile up unbounded streams. */
    private static final int MAX_CALLS_PER_CONNECTION = 1000;
    /** Largest metadata (headers) of one call. */
    private static final int MAX_METADATA_BYTES = 16 * 1024;

    private final Server server;
    private final String name;
    private final AutoCloseable resources;

    private GrpcServer(Server server, String name, AutoCloseable resources) {
        this.server = server;
        this.name = name;
        this.resources = resources;
    }

    /**
     * Starts the server API over gRPC on {@code executor}, the executor every API binding shares,
     * counting calls and errors in {@code metrics}.
     */
    public static GrpcServer startApi(ApiExecutor executor, EngineMetrics metrics, GrpcApiSettings s)
            throws IOException {
        NettyServerBuilder b = builder(s.listener());
        b.addService(ServerInterceptors.intercept(new CentrifugoApiService(executor, metrics, s.transportErrorMode()),
                new ApiCallInterceptor(s.key())));
        if (s.reflection()) {
            b.addService(ProtoReflectionServiceV1.newInstance());
        }
        Server server = b.build().start();
        LOG.info("serving the gRPC API on {}", s.listener().describe(server.getPort()));
        return new GrpcServer(server, "gRPC API", () -> { });
    }

    /** Starts the uni_grpc transport: each {@code Consume} call is one unidirectional connection of {@code node}. */
    public static GrpcServer startUniStream(Node node, UniGrpcSettings s) throws IOException {
        UniStreamService service = new UniStreamService(node);
        NettyServerBuilder b = builder(s.listener())
                // Pings every 25 s with a 5 s answer deadline; clients may ping every 5 s at most.
                .keepAliveTime(25, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .addService(service.definition());
        Server server;
        try {
            server = b.build().start();
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        LOG.info("serving uni_grpc on {}", s.listener().describe(server.getPort()));
        return new GrpcServer(server, "uni_grpc", service);
    }

    private static NettyServerBuilder builder(GrpcListener l) {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(l.address(), l.port()))
                .directExecutor() // handlers only translate and hand over: nothing in them blocks
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                .maxInboundMetadataSize(MAX_METADATA_BYTES);
        if (l.maxReceiveMessageSize() > 0) {
            b.maxInboundMessageSize(l.maxReceiveMessageSize());
        }
        if (l.tls() != null) {
            b.sslContext(sslContext(l.tls()));
        }
        return b;
    }

    private static SslContext sslContext(GrpcTls tls) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(
                    new ByteArrayInputStream(tls.certPem()), new ByteArrayInputStream(tls.keyPem())));
            if (tls.clientCaPem() != null) {
                ssl.trustManager(new ByteArrayInputStream(tls.clientCaPem())).clientAuth(ClientAuth.REQUIRE);
            }
            return ssl.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad TLS certificate or key: " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getPort();
    }

    /** Stops taking new calls; running ones (open uni_grpc streams) go on until they end. */
    public void stopAccepting() {
        server.shutdown();
    }

    /** Stops taking calls and waits up to {@code grace} for running ones, then cancels them. */
    public void close(Duration grace) {
        server.shutdown();
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("{}: closing: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
