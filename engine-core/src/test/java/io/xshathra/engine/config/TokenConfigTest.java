package io.xshathra.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Equality of token settings: every component counts, patterns by identity, as a record's would. */
class TokenConfigTest {

    private static final Pattern AUD = Pattern.compile("^app-.*$");
    private static final Pattern ISS = Pattern.compile("^iss-.*$");

    private static TokenConfig base() {
        return new TokenConfig("secret", "old", 42, "aud", AUD, "iss", ISS, "uid", "rsa", "ec", "https://jwks");
    }

    @Test
    void equalSettingsAreEqualWithTheSameHash() {
        assertThat(base()).isEqualTo(base()).hasSameHashCodeAs(base());
        assertThat(TokenConfig.hmac("s")).isEqualTo(TokenConfig.hmac("s"));
    }

    @Test
    void eachComponentMakesADifference() {
        List<TokenConfig> others = List.of(
                new TokenConfig("other", "old", 42, "aud", AUD, "iss", ISS, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "", 42, "aud", AUD, "iss", ISS, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 43, "aud", AUD, "iss", ISS, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "", AUD, "iss", ISS, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", null, "iss", ISS, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", AUD, "", ISS, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", AUD, "iss", null, "uid", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", AUD, "iss", ISS, "sub", "rsa", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", AUD, "iss", ISS, "uid", "", "ec", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", AUD, "iss", ISS, "uid", "rsa", "", "https://jwks"),
                new TokenConfig("secret", "old", 42, "aud", AUD, "iss", ISS, "uid", "rsa", "ec", ""));
        for (TokenConfig other : others) {
            assertThat(other).isNotEqualTo(base());
        }
        assertThat(base()).isNotEqualTo(null).isNotEqualTo("secret");
    }

    @Test
    void patternsCompareByIdentity() {
        TokenConfig copy = new TokenConfig("secret", "old", 42, "aud", Pattern.compile(AUD.pattern()), "iss", ISS,
                "uid", "rsa", "ec", "https://jwks");
        assertThat(copy).isNotEqualTo(base());
    }
}
