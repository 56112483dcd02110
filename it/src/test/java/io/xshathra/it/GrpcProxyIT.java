package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.xshathra.grpc.proxy.CentrifugoProxyGrpc;
import io.xshathra.grpc.proxy.ConnectRequest;
import io.xshathra.grpc.proxy.ConnectResponse;
import io.xshathra.grpc.proxy.ConnectResult;
import io.xshathra.grpc.proxy.Error;
import io.xshathra.grpc.proxy.PublishRequest;
import io.xshathra.grpc.proxy.PublishResponse;
import io.xshathra.grpc.proxy.PublishResult;
import io.xshathra.grpc.proxy.RPCRequest;
import io.xshathra.grpc.proxy.RPCResponse;
import io.xshathra.grpc.proxy.RPCResult;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.grpc.proxy.SubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeResult;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole server with gRPC proxies to a real grpc-java backend, driven by a real WebSocket
 * client: connect (the user from a forwarded request header, sent as metadata), RPC, subscribe
 * and publish reach the backend over {@code proxy.proto}, and its answers, errors and failures
 * come back to the client as Centrifugo gives them.
 */
class GrpcProxyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Context.Key<Metadata> HEADERS = Context.key("headers");
    private static final Metadata.Key<String> USER = Metadata.Key.of("x-forwarded-user",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final BlockingQueue<Object> RECEIVED = new LinkedBlockingQueue<>();
    private static Server backend;
    private static ServerFixture server;

    @BeforeAll
    static void start() throws IOException {
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, S> ServerCall.Listener<Q> interceptCall(ServerCall<Q, S> call, Metadata headers,
                                                               ServerCallHandler<Q, S> next) {
                return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
            }
        };
        backend = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Backend(), capture)).build().start();
        String target = "grpc://127.0.0.1:" + backend.getPort();
        Map<String, Object> grpc = Map.of("credentials_key", "x-api-key", "credentials_value", "k1");
        server = ServerFixture.builder()
                .client("proxy", Map.of("connect", Map.of("enabled", true, "endpoint", target,
                        "http_headers", List.of("X-Forwarded-User"), "grpc", grpc)))
                .set("rpc", Map.of("proxy", Map.of("endpoint", target, "grpc", grpc),
                        "without_namespace", Map.of("proxy_enabled", true)))
                .set("channel", Map.of("proxy", Map.of("subscribe", Map.of("endpoint", target, "grpc", grpc),
                                "publish", Map.of("endpoint", target, "grpc", grpc)),
                        "namespaces", List.of(Map.of("name", "px", "subscribe_proxy_enabled", true,
                                "publish_proxy_enabled", true))))
                .start();
    }

    /** The backend: answers from the request, records each request and the metadata it came with. */
    private static final class Backend extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {
        @Override
        public void connect(ConnectRequest r, StreamObserver<ConnectResponse> out) {
            Metadata md = HEADERS.get();
            RECEIVED.add(r);
            RECEIVED.add(String.valueOf(md.get(USER)) + "/" + md.get(KEY));
            out.onNext(ConnectResponse.newBuilder().setResult(ConnectResult.newBuilder()
                    .setUser(String.valueOf(md.get(USER))).setData(ByteString.copyFromUtf8("{\"hi\":1}"))).build());
            out.onCompleted();
        }

        @Override
        public void rPC(RPCRequest r, StreamObserver<RPCResponse> out) {
            RECEIVED.add(r);
            if (r.getMethod().equals("down")) {
                out.onError(Status.UNAVAILABLE.asRuntimeException());
                return;
            }
            out.onNext(RPCResponse.newBuilder().setResult(RPCResult.newBuilder()
                    .setData(ByteString.copyFromUtf8("{\"user\":\"" + r.getUser() + "\"}"))).build());
            out.onCompleted();
        }

        @Override
        public void subscribe(SubscribeRequest r, StreamObserver<SubscribeResponse> out) {
            RECEIVED.add(r);
            out.onNext(r.getChannel().endsWith("no")
                    ? SubscribeResponse.newBuilder().setError(Error.newBuilder().setCode(403).setMessage("no")).build()
                    : SubscribeResponse.newBuilder().setResult(SubscribeResult.newBuilder()
                            .setData(ByteString.copyFromUtf8("{\"ok\":true}"))).build());
            out.onCompleted();
        }

        @Override
        public void publish(PublishRequest r, StreamObserver<PublishResponse> out) {
            RECEIVED.add(r);
            out.onNext(PublishResponse.newBuilder().setResult(PublishResult.newBuilder()
                    .setData(ByteString.copyFromUtf8("{\"changed\":true}"))).build());
            out.onCompleted();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.shutdownNow();
        }
    }

    private static Object next() throws InterruptedException {
        Object r = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a proxy request within 5 s").isNotNull();
        return r;
    }

    @Test
    void everyProxyKindReachesTheGrpcBackendAndItsAnswersComeBack() throws Exception {
        try (WsClient ws = WsClient.open(server.wsUrl(), new WsClient.Options().header("X-Forwarded-User", "bob"))) {
            ws.send("{\"id\":1,\"connect\":{\"data\":{\"app\":\"it\"}}}");
            JsonNode connect = JSON.readTree(ws.nextLine());
            assertThat(connect.path("connect").path("data")).isEqualTo(JSON.readTree("{\"hi\":1}"));
            ConnectRequest cr = (ConnectRequest) next();
            assertThat(cr.getTransport()).isEqualTo("websocket");
            assertThat(cr.getClient()).isEqualTo(connect.path("connect").path("client").asText());
            assertThat(JSON.readTree(cr.getData().toByteArray())).isEqualTo(JSON.readTree("{\"app\":\"it\"}"));
            assertThat(next()).isEqualTo("bob/k1");

            ws.send("{\"id\":2,\"rpc\":{\"method\":\"who\",\"data\":{}}}");
            assertThat(JSON.readTree(ws.nextLine()).path("rpc").path("data").path("user").asText()).isEqualTo("bob");
            assertThat(((RPCRequest) next()).getMethod()).isEqualTo("who");

            ws.send("{\"id\":3,\"rpc\":{\"method\":\"down\",\"data\":{}}}");
            assertThat(JSON.readTree(ws.nextLine()).path("error").path("code").asInt()).isEqualTo(100);
            next();

            ws.send("{\"id\":4,\"subscribe\":{\"channel\":\"px:yes\"}}");
            assertThat(JSON.readTree(ws.nextLine()).path("subscribe").path("data").path("ok").asBoolean()).isTrue();
            SubscribeRequest sr = (SubscribeRequest) next();
            assertThat(sr.getUser()).isEqualTo("bob");
            assertThat(sr.getChannel()).isEqualTo("px:yes");

            ws.send("{\"id\":5,\"subscribe\":{\"channel\":\"px:no\"}}");
            JsonNode refused = JSON.readTree(ws.nextLine());
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(403);
            assertThat(refused.path("error").path("message").asText()).isEqualTo("no");
            next();

            ws.send("{\"id\":6,\"publish\":{\"channel\":\"px:yes\",\"data\":{\"v\":1}}}");
            JsonNode published = null;
            for (int i = 0; i < 3 && (published == null || !published.has("id")); i++) {
                published = JSON.readTree(ws.nextLine());
            }
            assertThat(published.path("id").asInt()).isEqualTo(6);
            assertThat(published.has("error")).isFalse();
            PublishRequest pr = (PublishRequest) next();
            assertThat(pr.getChannel()).isEqualTo("px:yes");
            assertThat(JSON.readTree(pr.getData().toByteArray())).isEqualTo(JSON.readTree("{\"v\":1}"));
        }
    }
}
