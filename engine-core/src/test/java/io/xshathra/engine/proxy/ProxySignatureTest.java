package io.xshathra.engine.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ProxySignatureTest {

    private static final byte[] BODY = "{\"client\":\"c1\",\"transport\":\"websocket\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theHeaderIsTheTimestampAndTheHmacOfTimestampDotBody() throws Exception {
        String header = ProxySignature.header("xs_ps_secret", 1_700_000_000L, BODY);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("xs_ps_secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update("1700000000.".getBytes(StandardCharsets.US_ASCII));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(BODY)) {
            hex.append(String.format("%02x", b));
        }
        assertThat(header).isEqualTo("t=1700000000,v1=" + hex);
    }

    @Test
    void verifyAcceptsOnlyTheSameSecretBodyAndAFreshTimestamp() {
        String header = ProxySignature.header("s1", 1000, BODY);
        assertThat(ProxySignature.verify("s1", header, BODY, 1000, 300)).isTrue();
        assertThat(ProxySignature.verify("s1", header, BODY, 1300, 300)).isTrue();
        assertThat(ProxySignature.verify("s1", header, BODY, 1301, 300)).as("too old").isFalse();
        assertThat(ProxySignature.verify("s2", header, BODY, 1000, 300)).as("other secret").isFalse();
        assertThat(ProxySignature.verify("s1", header, "{}".getBytes(StandardCharsets.UTF_8), 1000, 300)).isFalse();
        assertThat(ProxySignature.verify("s1", header.replace("t=1000", "t=1001"), BODY, 1000, 300)).isFalse();
        for (String bad : new String[] {null, "", "v1=abc", "t=x,v1=abc", "t=1000", "t=1000,v1="}) {
            assertThat(ProxySignature.verify("s1", bad, BODY, 1000, 300)).as(String.valueOf(bad)).isFalse();
        }
    }
}
