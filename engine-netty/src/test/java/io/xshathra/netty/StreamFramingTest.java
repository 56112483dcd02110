package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Unwrapping pushes for unidirectional transports and parsing their connect requests. */
class StreamFramingTest {

    private static String unwrap(String reply) {
        byte[] b = reply.getBytes(StandardCharsets.UTF_8);
        int[] span = StreamFraming.unwrapPush(b);
        return new String(b, span[0], span[1], StandardCharsets.UTF_8);
    }

    @Test
    void aPushReplyLosesItsEnvelope() {
        assertThat(unwrap("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{}}}}"))
                .isEqualTo("{\"channel\":\"c\",\"pub\":{\"data\":{}}}");
        assertThat(unwrap("{\"push\":{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}}"))
                .isEqualTo("{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}");
    }

    @Test
    void aPingStaysAnEmptyObject() {
        assertThat(unwrap("{}")).isEqualTo("{}");
    }

    @Test
    void connectRequestsParseFromBareJsonWithLineBreaks() throws Exception {
        var r = ConnectRequests.parseJson("{\n  \"token\": \"t\",\n  \"subs\": {\"a\": {\"recover\": true, \"offset\": 3, \"epoch\": \"e\"}}\n}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.getToken()).isEqualTo("t");
        assertThat(r.getSubsMap().get("a").getOffset()).isEqualTo(3);
        assertThat(ConnectRequests.parseJson(new byte[0]).getToken()).isEmpty();
        assertThat(ConnectRequests.parseJson("{}".getBytes(StandardCharsets.UTF_8)).getToken()).isEmpty();
    }

    @Test
    void malformedConnectRequestsAreRefused() {
        for (String bad : new String[] {"not json", "[1]", "{\"token\":", "{\"token\":\"a\"} {\"x\":1}", "{\"token\":5}"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> ConnectRequests.parseJson(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(io.xshathra.protocol.ProtocolException.class);
        }
    }
}
