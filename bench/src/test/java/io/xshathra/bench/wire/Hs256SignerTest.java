package io.xshathra.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Hs256SignerTest {

    /** The well-known HS256 example token (header {"alg":"HS256","typ":"JWT"}). */
    @Test
    void signsTheKnownVector() {
        Hs256Signer signer = new Hs256Signer("your-256-bit-secret");
        String token = signer.sign("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}");
        assertThat(token).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
                + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
    }

    @Test
    void connectionTokenCarriesSubAndExp() {
        String token = new Hs256Signer("s3cr3t").connectionToken("bench-\"7\"", 1_900_000_000L);
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).isEqualTo("{\"sub\":\"bench-\\\"7\\\"\",\"exp\":1900000000}");
        assertThat(parts[2]).doesNotContain("=");
    }

    @Test
    void usableFromManyThreads() throws Exception {
        Hs256Signer signer = new Hs256Signer("k");
        String expected = signer.sign("{}");
        Thread[] threads = new Thread[4];
        String[] seen = new String[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = new Thread(() -> seen[n] = signer.sign("{}"));
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).containsOnly(expected);
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> new Hs256Signer("")).isInstanceOf(IllegalArgumentException.class);
    }
}
