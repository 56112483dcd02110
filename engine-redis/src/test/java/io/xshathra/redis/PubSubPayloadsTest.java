package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xshathra.engine.broker.RecordingHandler;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.proto.Publication;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The delta framing as the publish script writes it, and what a damaged one does. */
class PubSubPayloadsTest {
    private final RecordingHandler handler = new RecordingHandler();

    private static byte[] pub(String data) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8(data)).build().toByteArray();
    }

    private static byte[] delta(long offset, String epoch, byte[] previous, byte[] pub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("__d1:" + offset + ":" + epoch + ":" + previous.length + ":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(previous);
        out.writeBytes((":" + pub.length + ":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(pub);
        return out.toByteArray();
    }

    @Test
    void deltaCarriesThePreviousPublicationOneOffsetBelow() throws Exception {
        // payloads that contain the separator themselves
        PubSubPayloads.dispatch("ch", delta(7, "ab12", pub("{\"a\":\":1\"}"), pub("{\"a\":\":2\"}")), handler);
        RecordingHandler.Event e = handler.take(1).get(0);
        assertThat(e.position()).isEqualTo(new StreamPosition(7, "ab12"));
        assertThat(e.publication().getOffset()).isEqualTo(7);
        assertThat(e.publication().getData().toStringUtf8()).isEqualTo("{\"a\":\":2\"}");
        assertThat(e.previous().getOffset()).isEqualTo(6);
        assertThat(e.previous().getData().toStringUtf8()).isEqualTo("{\"a\":\":1\"}");
    }

    @Test
    void anEmptyPreviousMeansNone() throws Exception {
        PubSubPayloads.dispatch("ch", delta(3, "e", new byte[0], pub("x")), handler);
        RecordingHandler.Event e = handler.take(1).get(0);
        assertThat(e.previous()).isNull();
        assertThat(e.publication().getData().toStringUtf8()).isEqualTo("x");
    }

    @Test
    void aDamagedHeaderIsRefusedAndDeliversNothing() {
        byte[] whole = delta(3, "e", pub("a"), pub("b"));
        for (int cut : new int[] {6, 9, 12, whole.length - 2}) {
            byte[] truncated = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> PubSubPayloads.dispatch("ch", truncated, handler))
                    .as("cut at %d", cut).isInstanceOf(InvalidProtocolBufferException.class);
        }
        byte[] badNumber = "__d1:3x:e:0::1:x".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PubSubPayloads.dispatch("ch", badNumber, handler))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThat(handler.drain()).isEmpty();
    }
}
