package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.testkit.ProtoFrames;
import io.xshathra.testkit.WsClient;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Protobuf WebSocket protocol with a raw client: handshake, framing, codes, pushes. */
class WebSocketProtobufIT {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static ServerFixture server;

    @BeforeAll
    static void start() {
        server = ServerFixture.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String channel(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    private static WsClient protobufBySubprotocol() {
        return WsClient.open(server.wsUrl(), new WsClient.Options().subprotocols("centrifuge-protobuf"));
    }

    private static Command connect(int id, String user) {
        return Command.newBuilder().setId(id)
                .setConnect(ConnectRequest.newBuilder().setToken(ServerFixture.token(user))).build();
    }

    private static Command subscribe(int id, String channel) {
        return Command.newBuilder().setId(id).setSubscribe(SubscribeRequest.newBuilder().setChannel(channel)).build();
    }

    /** Connected over the subprotocol; the connect reply checked. */
    private static WsClient connected(String user) {
        WsClient c = protobufBySubprotocol();
        c.sendBinary(ProtoFrames.frame(connect(1, user)));
        Reply r = new ProtoFrames(c).next();
        assertThat(r.getId()).isEqualTo(1);
        assertThat(r.hasConnect()).isTrue();
        return c;
    }

    @Test
    void subprotocolIsEchoedAndRepliesAreBinaryAndDelimited() {
        try (WsClient c = protobufBySubprotocol()) {
            assertThat(c.subprotocol()).isEqualTo("centrifuge-protobuf");
            c.sendBinary(ProtoFrames.frame(connect(1, "p-hand")));
            byte[] frame = c.nextBinary();
            // One message: its varint length prefix covers exactly the rest of the frame.
            assertThat(frame[0] & 0x80).isZero();
            assertThat(frame[0] & 0xff).isEqualTo(frame.length - 1);
            Reply r = ProtoFrames.parse(frame).get(0);
            assertThat(r.getId()).isEqualTo(1);
            assertThat(r.getConnect().getClient()).matches("[0-9a-f-]{36}");
            assertThat(r.getConnect().getPing()).isEqualTo(25);
            assertThat(r.getConnect().getPong()).isTrue();
            assertThat(c.texts).isEmpty();
        }
    }

    @Test
    void queryParameterSelectsProtobufWithoutSubprotocol() {
        try (WsClient c = WsClient.open(server.wsUrl() + "?format=protobuf")) {
            assertThat(c.subprotocol()).isEmpty();
            c.sendBinary(ProtoFrames.frame(connect(1, "p-query")));
            Reply r = new ProtoFrames(c).next();
            assertThat(r.getId()).isEqualTo(1);
            assertThat(r.getConnect().getClient()).isNotEmpty();
            assertThat(c.texts).isEmpty();
        }
    }

    @Test
    void jsonSubprotocolIsEchoedAndStaysJson() {
        try (WsClient c = WsClient.open(server.wsUrl(), new WsClient.Options().subprotocols("centrifuge-json"))) {
            assertThat(c.subprotocol()).isEqualTo("centrifuge-json");
            c.send("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("p-json") + "\"}}");
            assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":{\"client\":");
        }
    }

    @Test
    void connectAndSubscribeInOneFrameAreAnsweredInOrder() {
        String ch = channel("feed:order");
        try (WsClient c = protobufBySubprotocol()) {
            c.sendBinary(ProtoFrames.frame(connect(1, "p-order"), subscribe(2, ch), subscribe(3, ch)));
            ProtoFrames in = new ProtoFrames(c);
            Reply first = in.next();
            Reply second = in.next();
            Reply third = in.next();
            assertThat(first.getId()).isEqualTo(1);
            assertThat(first.hasConnect()).isTrue();
            assertThat(second.getId()).isEqualTo(2);
            assertThat(second.getSubscribe().getRecoverable()).isTrue();
            assertThat(second.getSubscribe().getEpoch()).isNotEmpty();
            assertThat(third.getId()).isEqualTo(3);
            assertThat(third.getError().getCode()).isEqualTo(105);
        }
    }

    @Test
    void emptyBinaryFrameIsBadRequest() {
        try (WsClient c = connected("p-empty")) {
            c.sendBinary(new byte[0]);
            assertThat(c.closeReason()).isEqualTo("3501 bad request");
        }
    }

    @Test
    void garbageIsBadRequest() {
        try (WsClient c = protobufBySubprotocol()) {
            // length 5, then a field with the invalid wire type 7
            c.sendBinary(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
            assertThat(c.closeReason()).isEqualTo("3501 bad request");
        }
    }

    @Test
    void truncatedMessageIsBadRequest() {
        try (WsClient c = protobufBySubprotocol()) {
            byte[] whole = ProtoFrames.frame(connect(1, "p-trunc"));
            c.sendBinary(Arrays.copyOf(whole, whole.length - 3));
            assertThat(c.closeReason()).isEqualTo("3501 bad request");
        }
    }

    @Test
    void publicationPushDecodesToTheExpectedReply() {
        String ch = channel("feed:push");
        try (WsClient c = connected("p-push")) {
            ProtoFrames in = new ProtoFrames(c);
            c.sendBinary(ProtoFrames.frame(subscribe(2, ch)));
            assertThat(in.next().getId()).isEqualTo(2);
            server.publish(ch, "{\"x\":1}");
            Reply expected = Reply.newBuilder().setPush(Push.newBuilder().setChannel(ch)
                    .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"x\":1}")).setOffset(1)))
                    .build();
            assertThat(in.nextNonPing()).isEqualTo(expected);
        }
    }

    @Test
    void binaryPublicationClosesJsonSubscriberAndReachesProtobufSubscriber() {
        String ch = channel("chat:bin");
        byte[] data = {0, (byte) 0xff, 0x10, '\n', (byte) 0xc3};
        try (WsClient json = WsClient.open(server.wsUrl()); WsClient proto = connected("p-bin-proto")) {
            json.send("{\"id\":1,\"connect\":{\"token\":\"" + ServerFixture.token("p-bin-json") + "\"}}\n"
                    + "{\"id\":2,\"subscribe\":{\"channel\":\"" + ch + "\"}}");
            json.nextLineContaining("\"id\":2,\"subscribe\"");
            ProtoFrames in = new ProtoFrames(proto);
            proto.sendBinary(ProtoFrames.frame(subscribe(2, ch)));
            Reply sub = in.nextNonPing();
            while (sub.getId() != 2) {
                sub = in.nextNonPing();
            }
            assertThat(sub.hasSubscribe()).isTrue();

            server.publishBinary(ch, data);
            assertThat(json.closeReason()).isEqualTo("3506 inappropriate protocol");
            Reply push = in.nextNonPing();
            while (!push.getPush().hasPub()) {
                push = in.nextNonPing(); // join pushes of this channel (force_push_join_leave)
            }
            assertThat(push.getPush().getChannel()).isEqualTo(ch);
            assertThat(push.getPush().getPub().getData().toByteArray()).isEqualTo(data);
        }
    }
}
