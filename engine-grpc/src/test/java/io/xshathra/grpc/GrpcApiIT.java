package io.xshathra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.xshathra.grpc.api.*;
import io.xshathra.grpc.unistream.ConnectRequest;
import io.xshathra.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every served method of the gRPC API, called with a real grpc-java client against a real node. */
class GrpcApiIT {
    private GrpcTestServer server;
    private CentrifugoApiGrpc.CentrifugoApiBlockingStub api;

    @BeforeEach
    void start() throws Exception {
        server = new GrpcTestServer();
        api = server.apiStub(GrpcTestServer.API_KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ByteString json(String s) {
        return ByteString.copyFromUtf8(s);
    }

    /** A uni_grpc client of {@code user}, connected, with the API subscribing it to {@code channel}. */
    private UniStreamClient subscribed(String user, String channel) {
        UniStreamClient c = UniStreamClient.consume(server.uniStub(),
                ConnectRequest.newBuilder().setToken(GrpcTestServer.token(user)).build());
        assertThat(c.next("connect push").getConnect().getClient()).isNotEmpty();
        SubscribeResponse r = api.subscribe(SubscribeRequest.newBuilder().setUser(user).setChannel(channel).build());
        assertThat(r.hasError()).isFalse();
        assertThat(c.next("subscribe push").getChannel()).isEqualTo(channel);
        return c;
    }

    @Test
    void publishReachesSubscriberAndHistoryKeepsIt() {
        UniStreamClient c = subscribed("u1", "chat:room");
        PublishResponse p = api.publish(PublishRequest.newBuilder().setChannel("chat:room")
                .setData(json("{\"text\":\"hi\"}")).putTags("k", "v").build());
        assertThat(p.hasError()).isFalse();
        assertThat(p.getResult().getOffset()).isEqualTo(1);
        assertThat(p.getResult().getEpoch()).isNotEmpty();
        var pub = c.next("publication").getPub();
        assertThat(pub.getData().toStringUtf8()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(pub.getTagsMap()).containsEntry("k", "v");

        HistoryResponse h = api.history(HistoryRequest.newBuilder().setChannel("chat:room").setLimit(10).build());
        assertThat(h.getResult().getPublicationsList()).hasSize(1);
        assertThat(h.getResult().getPublications(0).getData().toStringUtf8()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(h.getResult().getOffset()).isEqualTo(1);
        assertThat(h.getResult().getEpoch()).isEqualTo(p.getResult().getEpoch());

        assertThat(api.historyRemove(HistoryRemoveRequest.newBuilder().setChannel("chat:room").build()).hasError())
                .isFalse();
        assertThat(api.history(HistoryRequest.newBuilder().setChannel("chat:room").setLimit(10).build())
                .getResult().getPublicationsCount()).isZero();
    }

    @Test
    void mapPublishAndMapRemoveReachTheExecutorAlsoInABatch() {
        io.xshathra.grpc.api.MapPublishResponse put = api.mapPublish(io.xshathra.grpc.api.MapPublishRequest.newBuilder()
                .setChannel("map:scores").setKey("alice").setData(json("{\"s\":1}")).build());
        assertThat(put.hasError()).as(put.toString()).isFalse();
        assertThat(put.getResult().getOffset()).isEqualTo(1);
        assertThat(put.getResult().getEpoch()).isNotEmpty();
        io.xshathra.grpc.api.MapRemoveResponse gone = api.mapRemove(io.xshathra.grpc.api.MapRemoveRequest.newBuilder()
                .setChannel("map:scores").setKey("alice").build());
        assertThat(gone.hasError()).as(gone.toString()).isFalse();
        assertThat(gone.getResult().getOffset()).isEqualTo(2);
        assertThat(gone.getResult().getSuppressed()).isFalse();
        io.xshathra.grpc.api.MapRemoveResponse again = api.mapRemove(io.xshathra.grpc.api.MapRemoveRequest.newBuilder()
                .setChannel("map:scores").setKey("alice").build());
        assertThat(again.getResult().getSuppressed()).isTrue();
        assertThat(again.getResult().getSuppressReason()).isEqualTo("key_not_found");
        assertThat(api.mapPublish(io.xshathra.grpc.api.MapPublishRequest.newBuilder().setChannel("chat:room")
                .setKey("k").setData(json("{}")).build()).getError().getCode()).as("not a map namespace").isNotZero();

        io.xshathra.grpc.api.BatchResponse batch = api.batch(io.xshathra.grpc.api.BatchRequest.newBuilder()
                .addCommands(io.xshathra.grpc.api.Command.newBuilder().setMapPublish(io.xshathra.grpc.api.MapPublishRequest
                        .newBuilder().setChannel("map:scores").setKey("bob").setData(json("{\"s\":2}"))))
                .build());
        assertThat(batch.getReplies(0).hasError()).as(batch.toString()).isFalse();
        assertThat(batch.getReplies(0).getMapPublish().getOffset()).as("a suppressed removal takes no offset")
                .isEqualTo(3);
    }

    @Test
    void mapReadsStatsAndClearAnswerOverGrpcAlsoInABatch() {
        for (String k : new String[] {"b", "a", "c"}) {
            api.mapPublish(io.xshathra.grpc.api.MapPublishRequest.newBuilder().setChannel("map:reads").setKey(k)
                    .setData(json("{\"k\":\"" + k + "\"}")).putTags("t", k).build());
        }
        io.xshathra.grpc.api.MapReadStateResponse page = api.mapReadState(io.xshathra.grpc.api.MapReadStateRequest
                .newBuilder().setChannel("map:reads").setLimit(2).build());
        assertThat(page.hasError()).as(page.toString()).isFalse();
        assertThat(page.getResult().getEntriesList()).extracting(io.xshathra.grpc.api.MapEntry::getKey)
                .containsExactly("a", "b");
        assertThat(page.getResult().getEntries(0).getTagsMap()).containsEntry("t", "a");
        assertThat(page.getResult().getEntries(0).getOffset()).isEqualTo(2);
        assertThat(page.getResult().getCursor()).isEqualTo("b");
        assertThat(page.getResult().getOffset()).isEqualTo(3);

        io.xshathra.grpc.api.MapReadStreamResponse stream = api.mapReadStream(io.xshathra.grpc.api.MapReadStreamRequest
                .newBuilder().setChannel("map:reads").setLimit(-1).setReverse(true).build());
        assertThat(stream.getResult().getEntriesList()).extracting(io.xshathra.grpc.api.MapEntry::getKey)
                .containsExactly("c", "a", "b");
        assertThat(api.mapStats(io.xshathra.grpc.api.MapStatsRequest.newBuilder().setChannel("map:reads").build())
                .getResult().getNumKeys()).isEqualTo(3);
        assertThat(api.mapReadState(io.xshathra.grpc.api.MapReadStateRequest.newBuilder().setChannel("map:reads")
                .setLimit(1).setRevisionEpoch("other").build()).getError().getCode()).isEqualTo(112);

        io.xshathra.grpc.api.BatchResponse batch = api.batch(io.xshathra.grpc.api.BatchRequest.newBuilder()
                .addCommands(io.xshathra.grpc.api.Command.newBuilder().setMapClear(
                        io.xshathra.grpc.api.MapClearRequest.newBuilder().setChannel("map:reads")))
                .addCommands(io.xshathra.grpc.api.Command.newBuilder().setMapStats(
                        io.xshathra.grpc.api.MapStatsRequest.newBuilder().setChannel("nope:x")))
                .build());
        assertThat(batch.getReplies(0).hasMapClear()).as(batch.toString()).isTrue();
        assertThat(batch.getReplies(1).getError().getCode()).isEqualTo(102);
        assertThat(api.mapStats(io.xshathra.grpc.api.MapStatsRequest.newBuilder().setChannel("map:reads").build())
                .getResult().getNumKeys()).isZero();
    }

    @Test
    void sharedPollPublishIsCheckedByTheExecutorAlsoInABatch() {
        var bad = io.xshathra.grpc.api.SharedPollPublishRequest.newBuilder().setChannel("chat:room").setKey("k")
                .setVersion(1).setData(json("{}")).build();
        assertThat(api.sharedPollPublish(bad).getError().getCode()).as("not a shared-poll namespace").isEqualTo(107);
        assertThat(api.sharedPollPublish(bad.toBuilder().setChannel("nowhere:x").build()).getError().getCode())
                .isEqualTo(102);
        assertThat(api.sharedPollPublish(bad.toBuilder().setVersion(0).build()).getError().getCode())
                .as("no version").isEqualTo(107);
        io.xshathra.grpc.api.BatchResponse batch = api.batch(io.xshathra.grpc.api.BatchRequest.newBuilder()
                .addCommands(io.xshathra.grpc.api.Command.newBuilder().setSharedPollPublish(bad)).build());
        assertThat(batch.getReplies(0).getError().getCode()).isEqualTo(107);
    }

    @Test
    void b64DataWinsAndBadBase64Is107() {
        UniStreamClient c = subscribed("u1", "chat:b64");
        String b64 = Base64.getEncoder().encodeToString("\"bin\"".getBytes(StandardCharsets.UTF_8));
        assertThat(api.publish(PublishRequest.newBuilder().setChannel("chat:b64").setB64Data(b64).build()).hasError())
                .isFalse();
        assertThat(c.next("publication").getPub().getData().toStringUtf8()).isEqualTo("\"bin\"");
        PublishResponse bad = api.publish(PublishRequest.newBuilder().setChannel("chat:b64").setB64Data("%%%").build());
        assertThat(bad.getError().getCode()).isEqualTo(107);
        assertThat(bad.getError().getMessage()).isEqualTo("bad request");
    }

    @Test
    void presenceStatsChannelsAndInfo() {
        subscribed("u1", "chat:p");
        PresenceResult presence = api.presence(PresenceRequest.newBuilder().setChannel("chat:p").build()).getResult();
        assertThat(presence.getPresenceMap()).hasSize(1);
        assertThat(presence.getPresenceMap().values().iterator().next().getUser()).isEqualTo("u1");
        PresenceStatsResult stats = api.presenceStats(PresenceStatsRequest.newBuilder().setChannel("chat:p").build())
                .getResult();
        assertThat(stats.getNumClients()).isEqualTo(1);
        assertThat(stats.getNumUsers()).isEqualTo(1);
        ChannelsResult channels = api.channels(ChannelsRequest.newBuilder().setPattern("chat:*").build()).getResult();
        assertThat(channels.getChannelsMap()).containsKey("chat:p");
        assertThat(channels.getChannelsMap().get("chat:p").getNumClients()).isEqualTo(1);
        // A pattern the glob grammar rejects: error 100, as Centrifugo answers it.
        assertThat(api.channels(ChannelsRequest.newBuilder().setPattern("[").build()).getError().getCode())
                .isEqualTo(100);
        InfoResult info = api.info(InfoRequest.getDefaultInstance()).getResult();
        assertThat(info.getNodesList()).hasSize(1);
        assertThat(info.getNodes(0).getNumClients()).isEqualTo(1);
        assertThat(info.getNodes(0).getVersion()).isEqualTo("test");
        // Presence is off outside the namespace: 108.
        assertThat(api.presence(PresenceRequest.newBuilder().setChannel("plain").build()).getError().getCode())
                .isEqualTo(108);
    }

    @Test
    void broadcastAnswersPerChannel() {
        BroadcastResponse r = api.broadcast(BroadcastRequest.newBuilder().addChannels("chat:a").addChannels("nope:b")
                .setData(json("1")).build());
        assertThat(r.getResult().getResponsesList()).hasSize(2);
        assertThat(r.getResult().getResponses(0).hasError()).isFalse();
        assertThat(r.getResult().getResponses(0).getResult().getOffset()).isEqualTo(1);
        assertThat(r.getResult().getResponses(1).getError().getCode()).isEqualTo(102);
    }

    @Test
    void unsubscribeRefreshAndDisconnectReachTheConnection() throws Exception {
        UniStreamClient c = subscribed("u2", "chat:u");
        assertThat(api.refresh(RefreshRequest.newBuilder().setUser("u2")
                .setExpireAt(System.currentTimeMillis() / 1000 + 3600).build()).hasError()).isFalse();
        assertThat(c.next("refresh push").hasRefresh()).isTrue();
        assertThat(api.unsubscribe(UnsubscribeRequest.newBuilder().setUser("u2").setChannel("chat:u").build())
                .hasError()).isFalse();
        assertThat(c.next("unsubscribe push").hasUnsubscribe()).isTrue();
        assertThat(api.disconnect(DisconnectRequest.newBuilder().setUser("u2")
                .setDisconnect(Disconnect.newBuilder().setCode(4500).setReason("bye")).build()).hasError()).isFalse();
        var d = c.next("disconnect push").getDisconnect();
        assertThat(d.getCode()).isEqualTo(4500);
        assertThat(d.getReason()).isEqualTo("bye");
        assertThat(c.ended.get(5, java.util.concurrent.TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        Await.until(() -> server.node.numClients() == 0, "session gone");
    }

    @Test
    void rpcWithoutRegisteredMethods() {
        assertThat(api.rPC(RPCRequest.newBuilder().setMethod("x").build()).getError().getCode()).isEqualTo(104);
        assertThat(api.rPC(RPCRequest.getDefaultInstance()).getError().getCode()).isEqualTo(107);
    }

    @Test
    void batchAnswersEachCommandInOrder() {
        BatchResponse r = api.batch(BatchRequest.newBuilder()
                .addCommands(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("chat:x")
                        .setData(json("{}"))))
                .addCommands(Command.getDefaultInstance())
                .addCommands(Command.newBuilder().setPresenceStats(PresenceStatsRequest.newBuilder().setChannel("chat:x")))
                .addCommands(Command.newBuilder().setMapPublish(MapPublishRequest.newBuilder().setChannel("chat:x")))
                .addCommands(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("nope:x")
                        .setData(json("{}"))))
                .build());
        assertThat(r.getRepliesList()).hasSize(5);
        assertThat(r.getReplies(0).getPublish().getOffset()).isEqualTo(1);
        assertThat(r.getReplies(1).getError().getCode()).isEqualTo(104);
        assertThat(r.getReplies(2).hasPresenceStats()).isTrue();
        assertThat(r.getReplies(3).getError().getCode()).as("map_publish without a key, served by the executor")
                .isEqualTo(107);
        assertThat(r.getReplies(4).getError().getCode()).isEqualTo(102);
    }

    @Test
    void errorsGoInTheReplyUnlessTransportModeIsAsked() {
        PublishRequest unknown = PublishRequest.newBuilder().setChannel("nope:x").setData(json("1")).build();
        assertThat(api.publish(unknown).getError().getCode()).isEqualTo(102);
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("x-centrifugo-error-mode", Metadata.ASCII_STRING_MARSHALLER), "transport");
        var transport = api.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        assertThatThrownBy(() -> transport.publish(unknown)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo("unknown channel");
            com.google.rpc.Status detail = StatusProto.fromThrowable(e);
            assertThat(detail.getDetailsCount()).isEqualTo(1);
        });
        assertThatThrownBy(() -> transport.publish(PublishRequest.newBuilder().setChannel("chat:x").setB64Data("%")
                .build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aMissingOrWrongKeyIsUnauthenticated() {
        assertThatThrownBy(() -> server.apiStub(null).info(InfoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> server.apiStub("wrong").info(InfoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void callsAndErrorsAreCountedPerMethod() {
        api.publish(PublishRequest.newBuilder().setChannel("chat:m").setData(json("1")).build());
        api.publish(PublishRequest.newBuilder().setChannel("nope:m").setData(json("1")).build());
        api.info(InfoRequest.getDefaultInstance());
        assertThat(server.node.metrics().apiCalls().get("publish").sum()).isEqualTo(2);
        assertThat(server.node.metrics().apiErrors().get("publish").sum()).isEqualTo(1);
        assertThat(server.node.metrics().apiCalls().get("info").sum()).isEqualTo(1);
    }

    @Test
    void aProjectHeaderAddressesThatProjectsChannelSpace() {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("x-xshathra-project", Metadata.ASCII_STRING_MARSHALLER), "p1");
        var inProject = api.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        assertThat(inProject.publish(PublishRequest.newBuilder().setChannel("chat:space").setData(json("1")).build())
                .getResult().getOffset()).isEqualTo(1);
        HistoryRequest history = HistoryRequest.newBuilder().setChannel("chat:space").setLimit(10).build();
        assertThat(inProject.history(history).getResult().getPublicationsCount()).isEqualTo(1);
        assertThat(api.history(history).getResult().getPublicationsCount()).isZero();
    }

    @Test
    void reflectionListsTheService() throws Exception {
        var ch = server.channel(server.api.port());
        var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(ch);
        var answer = new java.util.concurrent.CompletableFuture<io.grpc.reflection.v1.ServerReflectionResponse>();
        var requests = stub.serverReflectionInfo(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(io.grpc.reflection.v1.ServerReflectionResponse value) {
                answer.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build());
        var services = answer.get(5, java.util.concurrent.TimeUnit.SECONDS).getListServicesResponse().getServiceList();
        requests.onCompleted();
        assertThat(services).extracting(io.grpc.reflection.v1.ServiceResponse::getName)
                .contains("centrifugal.centrifugo.api.CentrifugoApi");
    }

    @Test
    void aRequestAboveTheMessageLimitIsRefused() throws Exception {
        GrpcServer small = GrpcServer.startApi(server.executor, server.node.metrics(),
                new GrpcApiSettings(new GrpcListener(true, "127.0.0.1", 0, 1024, null), "", false, false));
        try {
            var stub = CentrifugoApiGrpc.newBlockingStub(server.channel(small.port()))
                    .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(stub.publish(PublishRequest.newBuilder().setChannel("chat:s").setData(json("1")).build())
                    .hasError()).isFalse();
            assertThatThrownBy(() -> stub.publish(PublishRequest.newBuilder().setChannel("chat:s")
                    .setData(json("\"" + "x".repeat(2048) + "\"")).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        } finally {
            small.close(java.time.Duration.ofSeconds(1));
        }
    }
}
