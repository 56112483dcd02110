package io.xshathra.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.ConnectResult;
import io.xshathra.protocol.proto.Error;
import io.xshathra.protocol.proto.Join;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.Unsubscribe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Golden JSON reply frames, and replies written by the server-side codecs in both encodings. */
class ReplyDecoderTest {

    private static List<String> decode(ReplyDecoder decoder, byte[] frame, boolean direct) throws IOException {
        ByteBuf buf = direct ? Unpooled.directBuffer(frame.length) : Unpooled.buffer(frame.length);
        buf.writeBytes(frame);
        try {
            RecordingHandler h = new RecordingHandler();
            decoder.decode(buf, h);
            return h.events;
        } finally {
            buf.release();
        }
    }

    private static List<String> json(String frame) throws IOException {
        return decode(JsonReplyDecoder.INSTANCE, frame.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void goldenJsonReplies() throws IOException {
        assertThat(json("{}")).containsExactly("ping");
        assertThat(json("{\"id\":1,\"connect\":{\"client\":\"9d7c\",\"version\":\"6.9.1 OSS\",\"expires\":true,"
                + "\"ttl\":3599,\"ping\":25,\"pong\":true}}")).containsExactly("connected 1 pong=true");
        assertThat(json("{\"id\":1,\"connect\":{\"client\":\"x\",\"subs\":{\"a\":{\"recoverable\":true}}}}"))
                .containsExactly("connected 1 pong=false");
        assertThat(json("{\"id\":2,\"subscribe\":{}}")).containsExactly("result 2");
        assertThat(json("{\"id\":3,\"publish\":{}}")).containsExactly("result 3");
        assertThat(json("{\"id\":5,\"error\":{\"code\":103,\"message\":\"permission denied\"}}"))
                .containsExactly("error 5 103 permission denied");
        assertThat(json("{\"push\":{\"channel\":\"bench:a\",\"pub\":{\"data\":{\"c\":3,\"s\":12,\"t\":99,"
                + "\"p\":\"xxxx\"},\"offset\":13,\"info\":{\"user\":\"u\",\"client\":\"c\"}}}}"))
                .containsExactly("pub c=3 s=12 t=99");
        assertThat(json("{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"text\":\"hi\"}}}}"))
                .containsExactly("pub foreign");
        assertThat(json("{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":[1,2]}}}")).containsExactly("pub foreign");
        assertThat(json("{\"push\":{\"channel\":\"chat\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}"))
                .containsExactly("unsubscribe 2000 server unsubscribe");
        assertThat(json("{\"push\":{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}}"))
                .containsExactly("disconnect 3001 shutdown");
        assertThat(json("{\"push\":{\"channel\":\"chat\",\"join\":{\"info\":{\"user\":\"42\",\"client\":\"x\"}}}}"))
                .containsExactly("other push");
    }

    @Test
    void jsonFrameWithSeveralReplies() throws IOException {
        String frame = "{\"id\":1,\"connect\":{\"pong\":true}}\n{\"id\":2,\"subscribe\":{\"recoverable\":false}}\n{}"
                + "\n{\"push\":{\"channel\":\"b\",\"pub\":{\"data\":{\"p\":\"\",\"t\":5,\"s\":1,\"c\":0}}}}\n";
        assertThat(json(frame)).containsExactly("connected 1 pong=true", "result 2", "ping", "pub c=0 s=1 t=5");
        assertThat(decode(JsonReplyDecoder.INSTANCE, frame.getBytes(StandardCharsets.UTF_8), false))
                .containsExactly("connected 1 pong=true", "result 2", "ping", "pub c=0 s=1 t=5");
    }

    @Test
    void malformedJsonIsAnError() {
        assertThatThrownBy(() -> json("{\"id\":1,")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> json("[1]")).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(ProtocolType.class)
    void repliesWrittenByTheServerCodec(ProtocolType type) throws Exception {
        Codec codec = Codec.of(type);
        byte[] payload = new byte[Payload.buffer(64).length];
        int length = Payload.write(payload, 64, 7, 42, 123_456_789L);
        List<Reply> replies = List.of(
                Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder().setClient("c").setPing(25)
                        .setPong(true)).build(),
                Reply.newBuilder().setId(2).setSubscribe(SubscribeResult.getDefaultInstance()).build(),
                Reply.getDefaultInstance(),
                Reply.newBuilder().setPush(Push.newBuilder().setChannel("bench:fanout-7").setPub(Publication
                        .newBuilder().setData(ByteString.copyFrom(payload, 0, length)).setOffset(3))).build(),
                Reply.newBuilder().setPush(Push.newBuilder().setChannel("x").setJoin(Join.getDefaultInstance())).build(),
                Reply.newBuilder().setPush(Push.newBuilder().setChannel("x").setUnsubscribe(Unsubscribe.newBuilder()
                        .setCode(2500).setReason("insufficient state"))).build(),
                Reply.newBuilder().setId(9).setError(Error.newBuilder().setCode(109).setMessage("token expired")).build());
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (Reply r : replies) {
            if (frame.size() > 0 && codec.separator() >= 0) {
                frame.write(codec.separator());
            }
            frame.write(codec.encodeReply(r));
        }
        assertThat(decode(ReplyDecoder.of(type), frame.toByteArray(), true)).containsExactly(
                "connected 1 pong=true", "result 2", "ping", "pub c=7 s=42 t=123456789", "other push",
                "unsubscribe 2500 insufficient state", "error 9 109 token expired");
    }

    @Test
    void protobufForeignDataIsNotAnError() throws Exception {
        byte[] frame = Codec.of(ProtocolType.PROTOBUF).encodeReply(Reply.newBuilder().setPush(Push.newBuilder()
                .setChannel("x").setPub(Publication.newBuilder().setData(ByteString.copyFrom(new byte[] {1, 2, 3}))))
                .build());
        assertThat(decode(ProtobufReplyDecoder.INSTANCE, frame, false)).containsExactly("pub foreign");
    }
}
