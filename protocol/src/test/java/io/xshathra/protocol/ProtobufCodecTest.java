package io.xshathra.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufCodecTest {
    private final ProtobufCodec codec = ProtobufCodec.INSTANCE;

    private static byte[] delimited(Command... commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Command c : commands) {
            c.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    @Test
    void decodesMultiMessageFrameInOrder() throws Exception {
        Command connect = Command.newBuilder().setId(1)
                .setConnect(ConnectRequest.newBuilder().setToken("t").setName("java")).build();
        Command subscribe = Command.newBuilder().setId(2)
                .setSubscribe(SubscribeRequest.newBuilder().setChannel("news").setRecoverable(true)).build();
        Command publish = Command.newBuilder().setId(3).setPublish(PublishRequest.newBuilder()
                .setChannel("news").setData(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xFF}))).build();
        List<Command> decoded = codec.decodeCommands(delimited(connect, subscribe, publish));
        assertThat(decoded).containsExactly(connect, subscribe, publish);
    }

    @Test
    void decodesEmptyCommandMessage() throws Exception {
        assertThat(codec.decodeCommands(new byte[] {0})).containsExactly(Command.getDefaultInstance());
    }

    @Test
    void rejectsEmptyFrame() {
        assertBadRequest(new byte[0]);
    }

    @Test
    void rejectsTruncatedFrames() throws Exception {
        byte[] frame = delimited(Command.newBuilder().setId(1)
                .setConnect(ConnectRequest.newBuilder().setToken("token").setName("java")).build());
        for (int len = 1; len < frame.length; len++) {
            assertBadRequest(Arrays.copyOf(frame, len));
        }
    }

    @Test
    void rejectsGarbageAndOversizedLengths() {
        assertBadRequest(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
        assertBadRequest(new byte[] {2, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void pingReplyIsTheSingleByteZero() {
        assertThat(codec.encodeReply(Reply.getDefaultInstance())).containsExactly(0);
        assertThat(codec.separator()).isEqualTo(-1);
        assertThat(codec.type()).isEqualTo(ProtocolType.PROTOBUF);
    }

    @Test
    void encodesLengthPrefixedReply() throws Exception {
        Reply reply = Reply.newBuilder().setId(300)
                .setSubscribe(SubscribeResult.newBuilder().setEpoch("e".repeat(200)).setOffset(5)).build();
        byte[] encoded = codec.encodeReply(reply);
        int size = reply.getSerializedSize();
        assertThat(encoded).hasSize(CodedOutputStream.computeUInt32SizeNoTag(size) + size);
        assertThat(Reply.parseDelimitedFrom(new java.io.ByteArrayInputStream(encoded))).isEqualTo(reply);
    }

    private void assertBadRequest(byte[] frame) {
        assertThatThrownBy(() -> codec.decodeCommands(frame))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.disconnect()).isEqualTo(Disconnect.BAD_REQUEST));
    }
}
