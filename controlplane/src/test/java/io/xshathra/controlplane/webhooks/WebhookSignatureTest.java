package io.xshathra.controlplane.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theHeaderIsTheHmacOfTimeDotBodyAsOpensslComputesIt() {
        // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec_test'
        assertThat(WebhookSignature.header("whsec_test", 1_700_000_000L, BODY))
                .isEqualTo("t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    }

    @Test
    void verifyAcceptsOnlyTheSameSecretBodyAndAFreshTime() {
        String h = WebhookSignature.header("whsec_test", 1000, BODY);
        assertThat(WebhookSignature.verify("whsec_test", h, BODY, 1100, 300)).isTrue();
        assertThat(WebhookSignature.verify("whsec_other", h, BODY, 1100, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_test", h, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), 1100, 300))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec_test", h, BODY, 1400, 300)).as("too old").isFalse();
        assertThat(WebhookSignature.verify("whsec_test", h.replace("t=1000", "t=1001"), BODY, 1100, 300)).isFalse();
    }

    @Test
    void malformedHeadersAreRefused() {
        for (String bad : new String[] {null, "", "t=1", "v1=00", "t=x,v1=" + "0".repeat(64), "t=1,v1=zz" + "0".repeat(62),
                "t=1,v1=" + "0".repeat(600)}) {
            assertThat(WebhookSignature.verify("s", bad, BODY, 1, 300)).as(String.valueOf(bad)).isFalse();
        }
    }
}
