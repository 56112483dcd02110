package io.xshathra.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void paddedToTheRequestedSize() throws IOException {
        byte[] buf = Payload.buffer(128);
        int n = Payload.write(buf, 128, 3, 17, 123_456_789_012L);
        assertThat(n).isEqualTo(128);
        String text = new String(buf, 0, n, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("{\"c\":3,\"s\":17,\"t\":123456789012,\"p\":\"xxx").endsWith("x\"}");
        Payload.Fields f = new Payload.Fields();
        assertThat(Payload.read(buf, 0, n, f)).isTrue();
        assertThat(f.channel).isEqualTo(3);
        assertThat(f.seq).isEqualTo(17);
        assertThat(f.sentNanos).isEqualTo(123_456_789_012L);
    }

    @Test
    void sameSizeWhateverTheNumbers() {
        byte[] buf = Payload.buffer(64);
        assertThat(Payload.write(buf, 64, 0, 1, 0)).isEqualTo(64);
        assertThat(Payload.write(buf, 64, 99_999, 9_999_999, 999_999_999_999L)).isEqualTo(64);
    }

    @Test
    void growsWhenTheNumbersDoNotFit() throws IOException {
        byte[] buf = Payload.buffer(Payload.minimumBytes());
        int n = Payload.write(buf, Payload.minimumBytes(), 12, 345, 6789);
        assertThat(n).isGreaterThan(Payload.minimumBytes());
        Payload.Fields f = new Payload.Fields();
        assertThat(Payload.read(buf, 0, n, f)).isTrue();
        assertThat(f.seq).isEqualTo(345);
    }

    @Test
    void otherJsonIsNotAPayload() throws IOException {
        byte[] other = "{\"text\":\"hi\",\"s\":1}".getBytes(StandardCharsets.US_ASCII);
        assertThat(Payload.read(other, 0, other.length, new Payload.Fields())).isFalse();
    }

    @Test
    void clockIsMonotonicAndPositive() {
        long a = Payload.now();
        long b = Payload.now();
        assertThat(a).isNotNegative();
        assertThat(b).isGreaterThanOrEqualTo(a);
    }
}
