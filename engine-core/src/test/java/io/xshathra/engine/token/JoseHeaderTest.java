package io.xshathra.engine.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a JWS header may hold: the registered members typed, nothing ambiguous, no none, no JWE. */
class JoseHeaderTest {

    private static JoseHeader parse(String json) throws TokenException {
        return JoseHeader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheAlgorithmKeyIdAndExtensions() throws TokenException {
        assertThat(parse("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"))
                .isEqualTo(new JoseHeader("HS256", null, false, true));
        assertThat(parse("{\"alg\":\"RS256\",\"kid\":\"k1\",\"crit\":[],\"b64\":true}"))
                .isEqualTo(new JoseHeader("RS256", "k1", false, true));
        assertThat(parse("{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1}").critical()).isTrue();
        assertThat(parse("{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}").encodedPayload()).isFalse();
    }

    @Test
    void acceptsRegisteredMembersOfTheirTypesUnknownMembersAndNulls() throws TokenException {
        String header = "{\"alg\":\"HS512\",\"typ\":\"JWT\",\"cty\":\"x\",\"x5t\":\"a\",\"x5t#S256\":\"b\","
                + "\"jku\":\"https://example.com/keys\",\"x5u\":\"https://example.com/cert\",\"x5c\":[\"MIIB\"],"
                + "\"jwk\":{\"kty\":\"oct\",\"k\":{\"nested\":[1,2]}},\"kid\":null,\"custom\":{\"a\":[true,null]}}";
        assertThat(parse(header)).isEqualTo(new JoseHeader("HS512", null, false, true));
    }

    @Test
    void refusesAnythingElse() {
        String[] bad = {
            "", "[]", "\"HS256\"", "null", "{", "{}", "{\"typ\":\"JWT\"}",
            "{\"alg\":null}", "{\"alg\":256}", "{\"alg\":\"none\"}",
            "{\"alg\":\"HS256\",\"alg\":\"RS256\"}",
            "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}",
            "{\"alg\":\"HS256\",\"kid\":1}", "{\"alg\":\"HS256\",\"typ\":[]}",
            "{\"alg\":\"HS256\",\"crit\":\"b64\"}", "{\"alg\":\"HS256\",\"crit\":[1]}",
            "{\"alg\":\"HS256\",\"b64\":\"false\"}", "{\"alg\":\"HS256\",\"jwk\":\"key\"}",
            "{\"alg\":\"HS256\",\"x5c\":[{}]}", "{\"alg\":\"HS256\",\"jku\":\"http://bad host\"}",
            "{\"alg\":\"HS256\"} {}", "{\"alg\":\"HS256\"}]", "{'alg':'HS256'}", "{\"alg\":\"HS256\",}",
        };
        for (String header : bad) {
            assertThatThrownBy(() -> parse(header)).as(header).isInstanceOf(TokenException.class)
                    .hasMessageContaining("malformed or unsigned JOSE header");
        }
        assertThatThrownBy(() -> JoseHeader.parse(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}))
                .isInstanceOf(TokenException.class);
    }
}
