package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.web.WebHeaders;
import io.xshathra.controlplane.web.WebRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CookiesTest {
    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";

    @Test
    void theSessionCookieIsHttpOnlyLaxAndSiteWide() {
        String c = Cookies.set(Cookies.SESSION, TOKEN, Duration.ofDays(30), false);
        assertThat(c).isEqualTo("xs_session=" + TOKEN + "; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax");
    }

    @Test
    void itIsSecureOverTls() {
        assertThat(Cookies.set(Cookies.SESSION, TOKEN, Duration.ofHours(1), true)).endsWith("; Secure");
        assertThat(Cookies.clear(Cookies.SESSION, true)).endsWith("; Secure");
    }

    @Test
    void clearingExpiresAtOnce() {
        assertThat(Cookies.clear(Cookies.FORM, false)).isEqualTo("xs_form=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @Test
    void valuesThatCouldInjectAttributesAreRefused() {
        assertThatThrownBy(() -> Cookies.set(Cookies.SESSION, "abc; Domain=evil.example", Duration.ZERO, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookies.set(Cookies.SESSION, "short", Duration.ZERO, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheNamedCookieAmongOthers() {
        WebRequest h = withCookie( "theme=dark; xs_session=" + TOKEN + "; xs_form=zzzzzzzzzzzzzzzzzz");
        assertThat(Cookies.read(h, Cookies.SESSION)).isEqualTo(TOKEN);
        assertThat(Cookies.read(h, Cookies.FORM)).isEqualTo("zzzzzzzzzzzzzzzzzz");
        assertThat(Cookies.read(h, "missing")).isNull();
        assertThat(Cookies.read(WebRequest.of("GET", "/"), Cookies.SESSION)).isNull();
    }

    @Test
    void malformedValuesAreIgnored() {
        WebRequest h = withCookie( "xs_session=\"<script>\"; xs_form=a");
        assertThat(Cookies.read(h, Cookies.SESSION)).isNull();
        assertThat(Cookies.read(h, Cookies.FORM)).isNull();
    }

    @Test
    void tlsIsRecognisedFromTheProxyHeaders() {
        assertThat(Cookies.secure(new WebHeaders())).isFalse();
        assertThat(Cookies.secure(new WebHeaders().add("X-Forwarded-Proto", "https"))).isTrue();
        assertThat(Cookies.secure(new WebHeaders().add("X-Forwarded-Proto", "HTTPS, http"))).isTrue();
        assertThat(Cookies.secure(new WebHeaders().add("X-Forwarded-Proto", "http"))).isFalse();
        assertThat(Cookies.secure(new WebHeaders().add("Forwarded", "for=1.2.3.4;proto=https"))).isTrue();
        assertThat(Cookies.secure(new WebHeaders().add("Forwarded", "proto=http;host=x"))).isFalse();
        assertThat(Cookies.secure(new WebHeaders().add("Forwarded", "proto=httpsx"))).isFalse();
    }

    private static WebRequest withCookie(String cookie) {
        return new WebRequest("GET", "/", "/", new WebHeaders().add("Cookie", cookie), null, null);
    }
}
