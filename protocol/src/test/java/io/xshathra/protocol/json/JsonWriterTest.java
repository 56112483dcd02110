package io.xshathra.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static String written(java.util.function.Consumer<JsonWriter> body) {
        JsonWriter w = new JsonWriter(1);
        body.accept(w);
        return new String(w.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void writesNumbersAtTheLimits() {
        assertThat(written(w -> w.number(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(written(w -> w.number(Long.MAX_VALUE))).isEqualTo("9223372036854775807");
        assertThat(written(w -> w.number(0))).isEqualTo("0");
        assertThat(written(w -> w.number(-10))).isEqualTo("-10");
        assertThat(written(w -> w.unsignedNumber(-1L))).isEqualTo("18446744073709551615");
        assertThat(written(w -> w.unsignedNumber(-1))).isEqualTo("4294967295");
        assertThat(written(w -> w.unsignedNumber(Integer.MIN_VALUE))).isEqualTo("2147483648");
        assertThat(written(w -> w.unsignedNumber(1000000L))).isEqualTo("1000000");
    }

    @Test
    void writesUnpairedSurrogatesAsReplacementCharacter() {
        assertThat(written(w -> w.string("a\ud800b\udc00"))).isEqualTo("\"a\ufffdb\ufffd\"");
        assertThat(written(w -> w.string("\ud83d\ude00\ud83d"))).isEqualTo("\"😀\ufffd\"");
    }

    @Test
    void placesCommasBetweenMembersAndElements() {
        String json = written(w -> {
            w.beginObject();
            w.name(JsonWriter.key("a"));
            w.beginArray();
            w.comma();
            w.number(1);
            w.comma();
            w.beginObject();
            w.endObject();
            w.endArray();
            w.name("k\"ey");
            w.bool(false);
            w.optString(JsonWriter.key("empty"), "");
            w.optBool(JsonWriter.key("no"), false);
            w.endObject();
        });
        assertThat(json).isEqualTo("{\"a\":[1,{}],\"k\\\"ey\":false}");
    }
}
