package io.xshathra.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.xshathra.protocol.ProtobufCodec;
import io.xshathra.protocol.json.JsonCodec;
import io.xshathra.protocol.proto.Command;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Golden JSON commands, and both encodings read back by the server-side codecs. */
class CommandEncoderTest {
    private static final byte[] DATA = "{\"c\":1,\"s\":2}".getBytes(StandardCharsets.US_ASCII);

    private static byte[] encode(CommandEncoder encoder, Consumer<ByteBuf> writes) {
        ByteBuf out = Unpooled.buffer();
        try {
            writes.accept(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static String json(Consumer<ByteBuf> writes) {
        return new String(encode(JsonCommandEncoder.INSTANCE, writes), StandardCharsets.UTF_8);
    }

    @Test
    void goldenJsonCommands() {
        JsonCommandEncoder e = JsonCommandEncoder.INSTANCE;
        assertThat(json(b -> e.connect(b, 1, "eyJ.x.y", "xshathra-bench")))
                .isEqualTo("{\"id\":1,\"connect\":{\"token\":\"eyJ.x.y\",\"name\":\"xshathra-bench\"}}");
        assertThat(json(b -> e.connect(b, 1, null, "n"))).isEqualTo("{\"id\":1,\"connect\":{\"name\":\"n\"}}");
        assertThat(json(b -> e.connect(b, 1, null, null))).isEqualTo("{\"id\":1,\"connect\":{}}");
        assertThat(json(b -> e.subscribe(b, 2, "bench:fanout-3")))
                .isEqualTo("{\"id\":2,\"subscribe\":{\"channel\":\"bench:fanout-3\"}}");
        assertThat(json(b -> e.publish(b, 17, "bench:a", DATA, DATA.length)))
                .isEqualTo("{\"id\":17,\"publish\":{\"channel\":\"bench:a\",\"data\":{\"c\":1,\"s\":2}}}");
        assertThat(json(e::pong)).isEqualTo("{}");
        assertThat(json(b -> e.subscribe(b, 3, "q\"\\\n\u00e9")))
                .isEqualTo("{\"id\":3,\"subscribe\":{\"channel\":\"q\\\"\\\\\\n\u00e9\"}}");
    }

    @Test
    void jsonFrameIsReadByTheServerCodec() throws Exception {
        JsonCommandEncoder e = JsonCommandEncoder.INSTANCE;
        byte[] frame = encode(e, b -> {
            e.connect(b, 1, "tok", "bench");
            e.separator(b);
            e.subscribe(b, 2, "bench:x");
            e.separator(b);
            e.publish(b, 3, "bench:x", DATA, DATA.length);
        });
        assertFrame(JsonCodec.INSTANCE.decodeCommands(frame));
    }

    @Test
    void protobufFrameIsReadByTheServerCodec() throws Exception {
        ProtobufCommandEncoder e = ProtobufCommandEncoder.INSTANCE;
        byte[] frame = encode(e, b -> {
            e.connect(b, 1, "tok", "bench");
            e.separator(b);
            e.subscribe(b, 2, "bench:x");
            e.publish(b, 3, "bench:x", DATA, DATA.length);
        });
        assertFrame(ProtobufCodec.INSTANCE.decodeCommands(frame));
        assertThat(encode(e, e::pong)).containsExactly(0);
    }

    private static void assertFrame(List<Command> commands) {
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0).getId()).isEqualTo(1);
        assertThat(commands.get(0).getConnect().getToken()).isEqualTo("tok");
        assertThat(commands.get(0).getConnect().getName()).isEqualTo("bench");
        assertThat(commands.get(1).getSubscribe().getChannel()).isEqualTo("bench:x");
        assertThat(commands.get(2).getId()).isEqualTo(3);
        assertThat(commands.get(2).getPublish().getChannel()).isEqualTo("bench:x");
        assertThat(commands.get(2).getPublish().getData().toByteArray()).isEqualTo(DATA);
    }
}
