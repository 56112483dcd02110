package io.xshathra.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Connect;
import io.xshathra.protocol.proto.Join;
import io.xshathra.protocol.proto.Message;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Refresh;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.Subscribe;
import io.xshathra.protocol.proto.Unsubscribe;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each {@link PushFormat} against the codecs it stands for. */
class PushFormatTest {
    private static final ByteString DATA = ByteString.copyFromUtf8("{\"text\":\"héllo\",\"n\":[1,2]}");

    private static List<Push> pushes() {
        return List.of(
                Push.newBuilder().setChannel("news").setPub(Publication.newBuilder().setData(DATA).setOffset(7)).build(),
                Push.newBuilder().setChannel("c").setJoin(Join.newBuilder().setInfo(
                        ClientInfo.newBuilder().setUser("u").setClient("id"))).build(),
                Push.newBuilder().setDisconnect(io.xshathra.protocol.proto.Disconnect.newBuilder()
                        .setCode(3001).setReason("shutdown")).build(),
                Push.newBuilder().setConnect(Connect.newBuilder().setClient("c1").setVersion("v").setPing(25)).build(),
                Push.newBuilder().setChannel("c").setUnsubscribe(Unsubscribe.newBuilder().setCode(2500)
                        .setReason("insufficient state")).build(),
                Push.newBuilder().setChannel("c").setSubscribe(Subscribe.newBuilder().setRecoverable(true)).build(),
                Push.newBuilder().setMessage(Message.newBuilder().setData(DATA)).build(),
                Push.newBuilder().setRefresh(Refresh.newBuilder().setExpires(true).setTtl(60)).build());
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aReplyFormIsTheCodecsReplyWithThePush() throws Exception {
        for (Push push : pushes()) {
            Reply reply = Reply.newBuilder().setPush(push).build();
            assertThat(PushFormat.JSON_REPLY.encode(push)).isEqualTo(Codec.of(ProtocolType.JSON).encodeReply(reply));
            assertThat(PushFormat.PROTOBUF_REPLY.encode(push))
                    .isEqualTo(Codec.of(ProtocolType.PROTOBUF).encodeReply(reply));
        }
    }

    @Test
    void theBareJsonFormIsWhatIsInsideTheReplyEnvelope() throws Exception {
        for (Push push : pushes()) {
            String reply = utf8(PushFormat.JSON_REPLY.encode(push));
            assertThat(reply).startsWith("{\"push\":").endsWith("}");
            assertThat(utf8(PushFormat.JSON_BARE.encode(push)))
                    .isEqualTo(reply.substring("{\"push\":".length(), reply.length() - 1));
        }
    }

    @Test
    void bareJsonPushesReadAsUnidirectionalClientsExpect() throws Exception {
        assertThat(utf8(PushFormat.JSON_BARE.encode(Push.newBuilder().setChannel("c")
                .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8("{}"))).build())))
                .isEqualTo("{\"channel\":\"c\",\"pub\":{\"data\":{}}}");
        assertThat(utf8(PushFormat.JSON_BARE.encode(Push.newBuilder().setDisconnect(
                io.xshathra.protocol.proto.Disconnect.newBuilder().setCode(3001).setReason("shutdown")).build())))
                .isEqualTo("{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}");
        assertThat(utf8(PushFormat.JSON_BARE.encode(Push.getDefaultInstance()))).isEqualTo("{}");
    }

    @Test
    void bareProtobufPushesAreLengthDelimited() throws Exception {
        for (Push push : pushes()) {
            ByteArrayInputStream in = new ByteArrayInputStream(PushFormat.PROTOBUF_BARE.encode(push));
            assertThat(Push.parseDelimitedFrom(in)).isEqualTo(push);
            assertThat(in.available()).isZero();
        }
    }

    @Test
    void theKeyIsProtocolAndDirection() {
        for (PushFormat f : PushFormat.values()) {
            assertThat(PushFormat.of(f.protocol(), f.bare())).isSameAs(f);
        }
        assertThat(PushFormat.values()).hasSize(PushFormat.COUNT);
    }

    @Test
    void dataThatIsNotJsonCannotGoToAJsonConnection() {
        Push push = Push.newBuilder().setChannel("c")
                .setPub(Publication.newBuilder().setData(ByteString.copyFrom(new byte[] {1, 2, 3}))).build();
        for (PushFormat f : List.of(PushFormat.JSON_REPLY, PushFormat.JSON_BARE)) {
            assertThatThrownBy(() -> f.encode(push)).isInstanceOf(ProtocolException.class);
        }
    }
}
