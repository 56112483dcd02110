package io.xshathra.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.concurrent.Executor;

/** Opens the channel of one gRPC proxy endpoint: its target, TLS and limits. */
final class GrpcProxyChannels {
    private GrpcProxyChannels() {
    }

    /**
     * The gRPC target of an endpoint: the {@code host:port} of a {@code grpc://} URL, else the
     * endpoint itself (a target gRPC resolves: {@code host:port}, {@code dns:///host:port}).
     */
    static String target(String endpoint) {
        if (!endpoint.startsWith("grpc://")) {
            return endpoint;
        }
        try {
            String authority = new URI(endpoint).getRawAuthority();
            if (authority == null || authority.isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
            return authority;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL");
        }
    }

    static ManagedChannel open(ProxyEndpoint ep, Executor executor, int maxReplyBytes) {
        try {
            NettyChannelBuilder b = NettyChannelBuilder.forTarget(target(ep.endpoint()))
                    .executor(executor).offloadExecutor(executor)
                    .maxInboundMessageSize(maxReplyBytes)
                    .maxInboundMetadataSize(16 * 1024)
                    .disableRetry();
            GrpcProxyOptions.Tls tls = ep.grpc().tls();
            if (tls.enabled()) {
                b.sslContext(sslContext(tls));
                if (!tls.serverName().isEmpty()) {
                    b.overrideAuthority(tls.serverName());
                }
            } else {
                b.usePlaintext();
            }
            return b.build();
        } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
            throw new ProxyException(ProxyException.Reason.UNREACHABLE,
                    "cannot open gRPC channel to proxy " + ep.name() + ": " + e.getMessage());
        }
    }

    private static SslContext sslContext(GrpcProxyOptions.Tls tls) throws javax.net.ssl.SSLException {
        SslContextBuilder ssl = GrpcSslContexts.forClient();
        if (tls.insecureSkipVerify()) {
            ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (tls.serverCaPem() != null) {
            ssl.trustManager(new ByteArrayInputStream(tls.serverCaPem()));
        }
        if (tls.certPem() != null && tls.keyPem() != null) {
            ssl.keyManager(new ByteArrayInputStream(tls.certPem()), new ByteArrayInputStream(tls.keyPem()));
        }
        return ssl.build();
    }
}
