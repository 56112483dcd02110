package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsrfTest {
    private static final byte[] KEY = new byte[32];

    @Test
    void theTokenIsBoundToTheCookieValue() {
        Csrf csrf = new Csrf(KEY);
        String token = csrf.token("session:abc");
        assertThat(csrf.valid("session:abc", token)).isTrue();
        assertThat(csrf.valid("session:abd", token)).isFalse();
        assertThat(csrf.token("session:abc")).isEqualTo(token);
    }

    @Test
    void theTokenDependsOnTheProcessKey() {
        byte[] other = Arrays.copyOf(KEY, 32);
        other[0] = 1;
        assertThat(new Csrf(KEY).token("x")).isNotEqualTo(new Csrf(other).token("x"));
        assertThat(new Csrf().token("x")).isNotEqualTo(new Csrf().token("x"));
    }

    @Test
    void missingEmptyTamperedAndTruncatedTokensAreRefused() {
        Csrf csrf = new Csrf(KEY);
        String token = csrf.token("c");
        assertThat(csrf.valid("c", null)).isFalse();
        assertThat(csrf.valid("c", "")).isFalse();
        assertThat(csrf.valid(null, token)).isFalse();
        assertThat(csrf.valid("", token)).isFalse();
        assertThat(csrf.valid("c", token.substring(1))).isFalse();
        assertThat(csrf.valid("c", token + "A")).isFalse();
        char last = token.charAt(token.length() - 1);
        assertThat(csrf.valid("c", token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'))).isFalse();
    }

    @Test
    void theTokenRevealsNothingOfTheCookieAndIsUrlSafe() {
        Csrf csrf = new Csrf(KEY);
        String token = csrf.token("session:secret-cookie-value");
        assertThat(token).doesNotContain("secret").matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void theFlashKeyDiffersFromTheCsrfToken() {
        Csrf csrf = new Csrf(KEY);
        assertThat(csrf.sessionKey("c")).isNotEqualTo(csrf.token("c"));
    }

    @Test
    void aShortKeyIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Csrf(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
