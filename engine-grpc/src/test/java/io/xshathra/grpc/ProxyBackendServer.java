package io.xshathra.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.xshathra.grpc.proxy.CentrifugoProxyGrpc;
import io.xshathra.grpc.proxy.ConnectRequest;
import io.xshathra.grpc.proxy.ConnectResponse;
import io.xshathra.grpc.proxy.PublishRequest;
import io.xshathra.grpc.proxy.PublishResponse;
import io.xshathra.grpc.proxy.RPCRequest;
import io.xshathra.grpc.proxy.RPCResponse;
import io.xshathra.grpc.proxy.RefreshRequest;
import io.xshathra.grpc.proxy.RefreshResponse;
import io.xshathra.grpc.proxy.SubRefreshRequest;
import io.xshathra.grpc.proxy.SubRefreshResponse;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.grpc.proxy.SubscribeResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A real gRPC backend implementing Centrifugo's {@code CentrifugoProxy} on loopback port 0. Each
 * method answers with the function the test set for it (which may throw a {@code StatusRuntimeException});
 * every request and the metadata it came with are recorded.
 */
final class ProxyBackendServer implements AutoCloseable {
    static final Context.Key<Metadata> HEADERS = Context.key("headers");

    /** A request and the metadata it arrived with. */
    record Received(Object request, Metadata headers) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    volatile Function<ConnectRequest, ConnectResponse> connect = r -> ConnectResponse.getDefaultInstance();
    volatile Function<RefreshRequest, RefreshResponse> refresh = r -> RefreshResponse.getDefaultInstance();
    volatile Function<SubscribeRequest, SubscribeResponse> subscribe = r -> SubscribeResponse.getDefaultInstance();
    volatile Function<PublishRequest, PublishResponse> publish = r -> PublishResponse.getDefaultInstance();
    volatile Function<RPCRequest, RPCResponse> rpc = r -> RPCResponse.getDefaultInstance();
    volatile Function<SubRefreshRequest, SubRefreshResponse> subRefresh = r -> SubRefreshResponse.getDefaultInstance();
    volatile Function<io.xshathra.grpc.proxy.MapPublishRequest, io.xshathra.grpc.proxy.MapPublishResponse> mapPublish =
            r -> io.xshathra.grpc.proxy.MapPublishResponse.getDefaultInstance();
    volatile Function<io.xshathra.grpc.proxy.MapRemoveRequest, io.xshathra.grpc.proxy.MapRemoveResponse> mapRemove =
            r -> io.xshathra.grpc.proxy.MapRemoveResponse.getDefaultInstance();
    volatile Function<io.xshathra.grpc.proxy.SharedPollRefreshRequest, io.xshathra.grpc.proxy.SharedPollRefreshResponse>
            sharedPollRefresh = r -> io.xshathra.grpc.proxy.SharedPollRefreshResponse.getDefaultInstance();
    private final Server server;

    ProxyBackendServer(SelfSignedCert tls) throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Service(), new CaptureHeaders()));
        if (tls != null) {
            b.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(
                    new ByteArrayInputStream(tls.certPem().getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayInputStream(tls.keyPem().getBytes(StandardCharsets.UTF_8)))).build());
        }
        server = b.build().start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static final class CaptureHeaders implements ServerInterceptor {
        @Override
        public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
                                                           ServerCallHandler<Q, S> next) {
            return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
        }
    }

    private final class Service extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {
        private <Q, S> void answer(Q req, Function<Q, S> f, StreamObserver<S> out) {
            received.add(new Received(req, HEADERS.get()));
            try {
                out.onNext(f.apply(req));
                out.onCompleted();
            } catch (RuntimeException e) {
                out.onError(e);
            }
        }

        @Override
        public void connect(ConnectRequest r, StreamObserver<ConnectResponse> out) {
            answer(r, connect, out);
        }

        @Override
        public void refresh(RefreshRequest r, StreamObserver<RefreshResponse> out) {
            answer(r, refresh, out);
        }

        @Override
        public void subscribe(SubscribeRequest r, StreamObserver<SubscribeResponse> out) {
            answer(r, subscribe, out);
        }

        @Override
        public void publish(PublishRequest r, StreamObserver<PublishResponse> out) {
            answer(r, publish, out);
        }

        @Override
        public void mapPublish(io.xshathra.grpc.proxy.MapPublishRequest r,
                               StreamObserver<io.xshathra.grpc.proxy.MapPublishResponse> out) {
            answer(r, mapPublish, out);
        }

        @Override
        public void mapRemove(io.xshathra.grpc.proxy.MapRemoveRequest r,
                              StreamObserver<io.xshathra.grpc.proxy.MapRemoveResponse> out) {
            answer(r, mapRemove, out);
        }

        @Override
        public void rPC(RPCRequest r, StreamObserver<RPCResponse> out) {
            answer(r, rpc, out);
        }

        @Override
        public void subRefresh(SubRefreshRequest r, StreamObserver<SubRefreshResponse> out) {
            answer(r, subRefresh, out);
        }

        @Override
        public void sharedPollRefresh(io.xshathra.grpc.proxy.SharedPollRefreshRequest r,
                                      StreamObserver<io.xshathra.grpc.proxy.SharedPollRefreshResponse> out) {
            answer(r, sharedPollRefresh, out);
        }
    }
}
