package io.xshathra.engine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.delta.FossilApply;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON forms of a publication for delta subscribers: every {@code data} is a JSON string. */
class PreparedPushDeltaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Publication pub(String json, long offset) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8(json)).setOffset(offset).build();
    }

    private static JsonNode pubOf(byte[] frame) throws Exception {
        return JSON.readTree(frame).path("push").path("pub");
    }

    @Test
    void jsonDeltaSubscribersGetStringsThatReconstructTheData() throws Exception {
        String before = "{\"text\":\"" + "line \\\"quoted\\\" ünïcödé\\n".repeat(30) + "\",\"n\":1}";
        String after = before.replace("\"n\":1", "\"n\":2");
        PreparedPush p = PreparedPush.publication("ch", pub(after, 8), new StreamPosition(8, "e"), pub(before, 7),
                new PreparedPush.Needs(true, true, true, true));
        assertThat(p.previousOffset()).isEqualTo(7);

        JsonNode plain = pubOf(p.bytes(ProtocolType.JSON));
        assertThat(plain.path("data").isObject()).isTrue();

        JsonNode full = pubOf(p.deltaBytes(ProtocolType.JSON, false));
        assertThat(full.path("data").isTextual()).isTrue();
        assertThat(full.path("data").textValue()).isEqualTo(after);
        assertThat(full.has("delta")).isFalse();

        JsonNode patch = pubOf(p.deltaBytes(ProtocolType.JSON, true));
        assertThat(patch.path("delta").asBoolean()).isTrue();
        assertThat(patch.path("offset").asLong()).isEqualTo(8);
        byte[] rebuilt = FossilApply.apply(before.getBytes(StandardCharsets.UTF_8),
                patch.path("data").textValue().getBytes(StandardCharsets.UTF_8));
        assertThat(new String(rebuilt, StandardCharsets.UTF_8)).isEqualTo(after);

        assertThat(p.deltaBytes(ProtocolType.PROTOBUF, false)).isSameAs(p.bytes(ProtocolType.PROTOBUF));
    }

    @Test
    void noPatchWhenItIsNotSmallerOrThereIsNoBase() {
        PreparedPush small = PreparedPush.publication("ch", pub("{\"a\":2}", 2), new StreamPosition(2, "e"),
                pub("{\"a\":1}", 1), new PreparedPush.Needs(false, false, true, true));
        assertThat(small.deltaBytes(ProtocolType.PROTOBUF, true)).isSameAs(small.bytes(ProtocolType.PROTOBUF));
        PreparedPush noBase = PreparedPush.publication("ch", pub("{\"a\":2}", 2), new StreamPosition(2, "e"),
                null, new PreparedPush.Needs(true, false, false, false));
        assertThat(noBase.previousOffset()).isZero();
        // Prepared for plain subscribers only: a delta subscriber still gets the string form.
        assertThat(new String(noBase.deltaBytes(ProtocolType.JSON, true), StandardCharsets.UTF_8))
                .contains("\"data\":\"{\\\"a\\\":2}\"");
    }
}
