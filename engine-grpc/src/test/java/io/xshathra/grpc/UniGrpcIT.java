package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.grpc.unistream.CentrifugoUniStreamGrpc;
import io.xshathra.grpc.unistream.ConnectRequest;
import io.xshathra.grpc.unistream.Push;
import io.xshathra.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The uni_grpc transport with a real grpc-java client: connect, pushes, closing, slow consumers. */
class UniGrpcIT {

    private static ApiResult publish(GrpcTestServer s, String channel, String json) {
        return s.executor.execute(new ApiRequests.Publish(channel, json.getBytes(StandardCharsets.UTF_8), false,
                Map.of(), "")).toCompletableFuture().join();
    }

    private static void subscribe(GrpcTestServer s, String user, String channel) {
        ApiResult r = s.executor.execute(new ApiRequests.Subscribe(new ApiRequests.Target(user, "", ""), channel,
                null, null, null, 0, null)).toCompletableFuture().join();
        assertThat(r.error()).isNull();
    }

    @Test
    void connectsAndReceivesPublicationsInOrder() throws Exception {
        try (GrpcTestServer s = new GrpcTestServer()) {
            UniStreamClient c = UniStreamClient.consume(s.uniStub(), ConnectRequest.newBuilder()
                    .setToken(GrpcTestServer.token("alice")).setName("java").build());
            Push connect = c.next("connect push");
            assertThat(connect.getConnect().getClient()).isNotEmpty();
            assertThat(connect.getConnect().getSession()).isNotEmpty();
            assertThat(connect.getConnect().getVersion()).isEqualTo("test");
            subscribe(s, "alice", "chat:news");
            Push sub = c.next("subscribe push");
            assertThat(sub.getChannel()).isEqualTo("chat:news");
            assertThat(sub.getSubscribe().getRecoverable()).isFalse();
            for (int i = 1; i <= 3; i++) {
                publish(s, "chat:news", "{\"n\":" + i + "}");
            }
            for (int i = 1; i <= 3; i++) {
                Push p = c.next("publication " + i);
                assertThat(p.getChannel()).isEqualTo("chat:news");
                assertThat(p.getPub().getData().toStringUtf8()).isEqualTo("{\"n\":" + i + "}");
                assertThat(p.getPub().getOffset()).isEqualTo(i);
            }
        }
    }

    @Test
    void aBadTokenEndsTheStreamWithADisconnectPush() throws Exception {
        try (GrpcTestServer s = new GrpcTestServer()) {
            UniStreamClient c = UniStreamClient.consume(s.uniStub(),
                    ConnectRequest.newBuilder().setToken("not-a-jwt").build());
            Push d = c.next("disconnect push");
            assertThat(d.getDisconnect().getCode()).isEqualTo(3500);
            assertThat(c.ended.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
            assertThat(s.node.numClients()).isZero();
        }
    }

    @Test
    void aClientThatGoesAwayLeavesNoSession() throws Exception {
        try (GrpcTestServer s = new GrpcTestServer()) {
            ManagedChannel ch = s.channel(s.uni.port());
            UniStreamClient c = UniStreamClient.consume(CentrifugoUniStreamGrpc.newStub(ch),
                    ConnectRequest.newBuilder().setToken(GrpcTestServer.token("bob")).build());
            c.next("connect push");
            Await.until(() -> s.node.numClients() == 1, "one client");
            ch.shutdownNow();
            Await.until(() -> s.node.numClients() == 0, "the session ends with the call");
        }
    }

    /**
     * A consumer that takes one message and then nothing: its HTTP/2 window fills, the stream
     * stops being ready, the queue passes client.queue_max_size and the session is closed as slow.
     */
    @Test
    void aSlowConsumerIsDisconnected() throws Exception {
        try (GrpcTestServer s = new GrpcTestServer(64 * 1024, null)) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", s.uni.port()).usePlaintext()
                    .flowControlWindow(65_535).build();
            try {
                AtomicInteger received = new AtomicInteger();
                CompletableFuture<Status> closed = new CompletableFuture<>();
                ClientCall<ConnectRequest, Push> call = ch.newCall(CentrifugoUniStreamGrpc.getConsumeMethod(),
                        CallOptions.DEFAULT);
                call.start(new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(Push message) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed.complete(status);
                    }
                }, new Metadata());
                call.sendMessage(ConnectRequest.newBuilder().setToken(GrpcTestServer.token("slow")).build());
                call.halfClose();
                call.request(1);
                Await.until(() -> received.get() == 1, "connect push");
                subscribe(s, "slow", "chat:firehose");
                String big = "\"" + "x".repeat(16 * 1024) + "\"";
                Await.until(() -> {
                    publish(s, "chat:firehose", big);
                    return s.node.numClients() == 0;
                }, "the slow consumer is disconnected");
                call.request(Integer.MAX_VALUE);
                assertThat(closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
                assertThat(received.get()).isLessThan(64);
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void closingTheServerEndsStreams() throws Exception {
        GrpcTestServer s = new GrpcTestServer();
        try {
            UniStreamClient c = UniStreamClient.consume(s.uniStub(),
                    ConnectRequest.newBuilder().setToken(GrpcTestServer.token("carol")).build());
            c.next("connect push");
            s.node.shutdown();
            Push d = c.next("shutdown disconnect push");
            assertThat(d.getDisconnect().getCode()).isEqualTo(3001);
            assertThat(c.ended.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        } finally {
            s.close();
        }
    }
}
