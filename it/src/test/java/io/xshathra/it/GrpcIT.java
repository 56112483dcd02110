package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.xshathra.grpc.api.CentrifugoApiGrpc;
import io.xshathra.grpc.api.PresenceStatsRequest;
import io.xshathra.grpc.api.PublishRequest;
import io.xshathra.grpc.api.SubscribeRequest;
import io.xshathra.grpc.unistream.CentrifugoUniStreamGrpc;
import io.xshathra.grpc.unistream.ConnectRequest;
import io.xshathra.grpc.unistream.Push;
import io.xshathra.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real server started from a configuration file with {@code grpc_api} and {@code uni_grpc}
 * on (ports 0): a grpc-java client publishes through the gRPC API to a uni_grpc consumer, and
 * stopping the server ends the stream with the shutdown disconnect.
 */
class GrpcIT {

    @Test
    void grpcApiPublishesToAUniGrpcConsumerAndShutdownEndsTheStream() throws Exception {
        ServerFixture server = ServerFixture.builder()
                .set("grpc_api", Map.of("enabled", true, "port", 0, "key", "grpc-it-key"))
                .set("uni_grpc", Map.of("enabled", true, "port", 0))
                .start();
        ManagedChannel apiChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.launcher().grpcApiPort())
                .usePlaintext().build();
        ManagedChannel uniChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.launcher().uniGrpcPort())
                .usePlaintext().build();
        boolean closed = false;
        try {
            Metadata md = new Metadata();
            md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "apikey grpc-it-key");
            var api = CentrifugoApiGrpc.newBlockingStub(apiChannel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));

            LinkedBlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
            CompletableFuture<Void> ended = new CompletableFuture<>();
            CentrifugoUniStreamGrpc.newStub(uniChannel).consume(
                    ConnectRequest.newBuilder().setToken(ServerFixture.token("grpc-user")).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(Push p) {
                            pushes.add(p);
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(null);
                        }
                    });
            assertThat(Await.take(pushes, "connect push").hasConnect()).isTrue();
            assertThat(api.subscribe(SubscribeRequest.newBuilder().setUser("grpc-user").setChannel("chat:grpc")
                    .build()).hasError()).isFalse();
            assertThat(Await.take(pushes, "subscribe push").getChannel()).isEqualTo("chat:grpc");
            assertThat(api.publish(PublishRequest.newBuilder().setChannel("chat:grpc")
                    .setData(ByteString.copyFromUtf8("{\"via\":\"grpc\"}")).build()).getResult().getOffset())
                    .isEqualTo(1);
            Push pub = null;
            while (pub == null) {
                Push p = Await.take(pushes, "publication");
                pub = p.hasPub() ? p : null;
            }
            assertThat(pub.getPub().getData().toStringUtf8()).isEqualTo("{\"via\":\"grpc\"}");
            assertThat(api.presenceStats(PresenceStatsRequest.newBuilder().setChannel("chat:grpc").build())
                    .getResult().getNumClients()).isEqualTo(1);

            closed = true;
            server.close();
            Push last = null;
            while (last == null || !last.hasDisconnect()) {
                last = Await.take(pushes, Duration.ofSeconds(10), "shutdown disconnect push");
            }
            assertThat(last.getDisconnect().getCode()).isEqualTo(3001);
            ended.get(10, TimeUnit.SECONDS);
        } finally {
            apiChannel.shutdownNow();
            uniChannel.shutdownNow();
            if (!closed) {
                server.close();
            }
        }
    }
}
