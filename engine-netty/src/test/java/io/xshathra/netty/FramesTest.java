package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.xshathra.protocol.ProtocolType;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Frames}: header forms at every length boundary, coalescing limits, and whole batches in one buffer. */
class FramesTest {
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 125, 126, 127, 65535, 65536, 70000})
    void oneBinaryMessageOfAnyLengthRoundTrips(int length) {
        byte[] payload = filled(length, 'p');
        ArrayDeque<byte[]> pending = new ArrayDeque<>();
        pending.add(payload);
        ByteBuf raw = Frames.dataFrame(alloc, ProtocolType.PROTOBUF, pending, 16);
        int headerLength = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        assertThat(raw.readableBytes()).isEqualTo(headerLength + length);
        WebSocketFrame f = WebSocketTransportTest.parseServerFrame(raw);
        assertThat(f).isInstanceOf(BinaryWebSocketFrame.class);
        assertThat(ByteBufUtil.getBytes(f.content())).isEqualTo(payload);
        assertThat(pending).isEmpty();
        f.release();
    }

    @Test
    void jsonMessagesAreJoinedByNewlinesUpToTheLimit() {
        ArrayDeque<byte[]> pending = new ArrayDeque<>();
        for (int i = 0; i < 5; i++) {
            pending.add(("{\"n\":" + i + "}").getBytes());
        }
        WebSocketFrame first = WebSocketTransportTest.parseServerFrame(
                Frames.dataFrame(alloc, ProtocolType.JSON, pending, 3));
        assertThat(first).isInstanceOf(TextWebSocketFrame.class);
        assertThat(((TextWebSocketFrame) first).text()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}");
        assertThat(pending).hasSize(2);
        first.release();
    }

    @Test
    void aJoinedFrameCrossingTheShortLengthBoundaryUsesTheLongerHeader() {
        ArrayDeque<byte[]> pending = new ArrayDeque<>();
        pending.add(filled(62, 'a'));
        pending.add(filled(63, 'b'));
        ByteBuf raw = Frames.dataFrame(alloc, ProtocolType.JSON, pending, 16);
        assertThat((int) raw.getUnsignedByte(1)).as("62 + 1 + 63 = 126 needs the 16-bit length").isEqualTo(126);
        WebSocketTransportTest.parseServerFrame(raw).release();
    }

    @Test
    void aWholeBatchGoesIntoOneBufferAsFramesOfAtMostTheLimit() {
        ArrayDeque<byte[]> pending = new ArrayDeque<>();
        for (int i = 0; i < 5; i++) {
            pending.add(("{\"n\":" + i + "}").getBytes());
        }
        ByteBuf out = alloc.directBuffer(256, 256);
        assertThat(Frames.allFrames(out, ProtocolType.JSON, pending, 3, 0)).isTrue();
        assertThat(pending).isEmpty();
        // One buffer per frame for the parser, which checks that a buffer holds exactly one frame.
        ByteBuf first = out.readRetainedSlice(2 + "{\"n\":0}\n{\"n\":1}\n{\"n\":2}".length());
        TextWebSocketFrame head = (TextWebSocketFrame) WebSocketTransportTest.parseServerFrame(first);
        assertThat(head.text()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}");
        head.release();
        ByteBuf second = out.readRetainedSlice(out.readableBytes());
        TextWebSocketFrame f = (TextWebSocketFrame) WebSocketTransportTest.parseServerFrame(second);
        assertThat(f.text()).isEqualTo("{\"n\":3}\n{\"n\":4}");
        f.release();
        out.release();
    }

    @Test
    void aBatchThatDoesNotFitIsLeftWholeAndTheBufferUntouched() {
        ArrayDeque<byte[]> pending = new ArrayDeque<>();
        pending.add(filled(40, 'a'));
        pending.add(filled(70, 'b'));
        // The room asked for is a bound: the longest header for each frame, a separator for each reply.
        ByteBuf out = alloc.directBuffer(140, 140);
        assertThat(Frames.allFrames(out, ProtocolType.PROTOBUF, pending, 1, 0)).as("2 * 10 + 41 + 71 = 132 fits").isTrue();
        assertThat(out.readableBytes()).isEqualTo(2 + 40 + 2 + 70);
        out.clear();
        pending.add(filled(40, 'a'));
        pending.add(filled(70, 'b'));
        assertThat(Frames.allFrames(out, ProtocolType.PROTOBUF, pending, 1, 20))
                .as("not with 20 bytes kept back").isFalse();
        assertThat(pending).hasSize(2);
        assertThat(out.writerIndex()).isZero();
        pending.clear();
        pending.add(filled(200, 'c'));
        assertThat(Frames.allFrames(out, ProtocolType.PROTOBUF, pending, 16, 0)).isFalse();
        assertThat(pending).hasSize(1);
        assertThat(out.writerIndex()).isZero();
        out.release();
    }

    @Test
    void aPingIsAnEmptyControlFrame() {
        ByteBuf out = alloc.directBuffer(Frames.PING_BYTES);
        Frames.ping(out);
        assertThat(ByteBufUtil.getBytes(out)).containsExactly(0x89, 0x00);
        out.release();
    }
}
