package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.xshathra.grpc.proxy.CentrifugoProxyGrpc;
import io.xshathra.grpc.proxy.Publication;
import io.xshathra.grpc.proxy.StreamSubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.grpc.proxy.SubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeResult;
import io.xshathra.testkit.RawSocketWs;
import io.xshathra.testkit.WsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole server with a subscribe stream proxy to a real grpc-java backend: a WebSocket client
 * gets its own stream's publications, and a client that stops reading while its stream floods
 * it is disconnected as slow (3008) with the stream cancelled, the server holding no more than
 * its bounded write queue for it.
 */
class SubscribeStreamIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Publications the flooding stream offers at most (far more than the client's queue holds). */
    private static final int FLOOD = 200_000;
    private static final ByteString KB = ByteString.copyFromUtf8("{\"pad\":\"" + "x".repeat(1000) + "\"}");
    private static final CompletableFuture<Void> FLOOD_CANCELLED = new CompletableFuture<>();
    private static final AtomicLong FLOOD_SENT = new AtomicLong();
    private static Server backend;
    private static ServerFixture server;

    @BeforeAll
    static void start() throws IOException {
        backend = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Backend())
                .build().start();
        server = ServerFixture.builder()
                .set("proxies", List.of(Map.of("name", "streams", "endpoint", "grpc://127.0.0.1:" + backend.getPort(),
                        "timeout", "2s")))
                .set("websocket", Map.of("write_timeout", "30s"))
                .client("queue_max_size", 256 * 1024)
                .set("channel", Map.of("namespaces", List.of(Map.of("name", "feed",
                        "subscribe_stream_proxy_enabled", true, "subscribe_stream_proxy_name", "streams"))))
                .start();
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

    /** Accepts every stream; {@code feed:count} sends three publications, {@code feed:flood} as many as it may. */
    private static final class Backend extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {
        @Override
        public void subscribeUnidirectional(SubscribeRequest r, StreamObserver<StreamSubscribeResponse> out) {
            ServerCallStreamObserver<StreamSubscribeResponse> o = (ServerCallStreamObserver<StreamSubscribeResponse>) out;
            boolean flood = r.getChannel().equals("feed:flood");
            if (flood) {
                o.setOnCancelHandler(() -> FLOOD_CANCELLED.complete(null));
            }
            o.onNext(StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setResult(SubscribeResult.newBuilder().setData(ByteString.copyFromUtf8("{\"for\":\""
                            + r.getUser() + "\"}")))).build());
            if (!flood) {
                for (int i = 1; i <= 3; i++) {
                    o.onNext(pub(ByteString.copyFromUtf8("{\"n\":" + i + "}")));
                }
                return;
            }
            // Sends only while gRPC's flow control lets it: the server's reading decides the pace.
            o.setOnReadyHandler(() -> {
                while (o.isReady() && !o.isCancelled() && FLOOD_SENT.get() < FLOOD) {
                    o.onNext(pub(KB));
                    FLOOD_SENT.incrementAndGet();
                }
            });
        }

        private static StreamSubscribeResponse pub(ByteString data) {
            return StreamSubscribeResponse.newBuilder().setPublication(Publication.newBuilder().setData(data)).build();
        }
    }

    @Test
    void aClientGetsItsOwnStreamsPublications() throws Exception {
        try (WsClient ws = WsClient.open(server.wsUrl())) {
            ws.send("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("ann") + "\"}}");
            assertThat(JSON.readTree(ws.nextLine()).has("connect")).isTrue();
            ws.send("{\"id\":2,\"subscribe\":{\"channel\":\"feed:count\"}}");
            JsonNode sub = JSON.readTree(ws.nextLine());
            assertThat(sub.path("subscribe").path("data")).isEqualTo(JSON.readTree("{\"for\":\"ann\"}"));
            for (int i = 1; i <= 3; i++) {
                JsonNode push = JSON.readTree(ws.nextLine()).path("push");
                assertThat(push.path("channel").asText()).isEqualTo("feed:count");
                assertThat(push.path("pub").path("data")).isEqualTo(JSON.readTree("{\"n\":" + i + "}"));
                assertThat(push.path("pub").has("offset")).isFalse();
            }
        }
    }

    @Test
    void aClientThatStopsReadingAFloodingStreamIsDisconnectedAsSlowAndTheStreamCancelled() throws Exception {
        try (RawSocketWs ws = RawSocketWs.connect(server.port(), "/realtime/connection/websocket", 16 * 1024,
                Map.of("Origin", "http://127.0.0.1"))) {
            assertThat(ws.status).isEqualTo(101);
            ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("slow") + "\"}}");
            assertThat(JSON.readTree(ws.readFrame().text()).has("connect")).isTrue();
            ws.sendText("{\"id\":2,\"subscribe\":{\"channel\":\"feed:flood\"}}");
            // Not reading from here on: the server's queue for this client fills up.
            FLOOD_CANCELLED.get(30, TimeUnit.SECONDS);
            assertThat(FLOOD_SENT.get()).as("the stream was read only as fast as the client took it")
                    .isLessThan(FLOOD);
            assertThat(ws.drainToClose(Duration.ofSeconds(20))).startsWith("3008");
        }
    }
}
