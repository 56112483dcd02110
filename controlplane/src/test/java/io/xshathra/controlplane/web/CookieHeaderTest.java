package io.xshathra.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Cookie headers: the console read them with Netty's lax server decoder; the neutral reader must
 * find the same values for every name in any header.
 */
class CookieHeaderTest {

    private static final List<String> NAMES = List.of("xs_session", "__Host-xs_session", "a", "$Path", "b c");

    @Test
    void readsTheNamedCookies() {
        List<String> out = new ArrayList<>();
        CookieHeader.values("theme=dark; xs_session=one;xs_session =\"two\"; other=x; xs_session", "xs_session", out);
        assertThat(out).containsExactly("one", "two");
        out.clear();
        CookieHeader.values("a=b, xs_session=hidden; $Version=1", "xs_session", out);
        assertThat(out).as("a value runs to the next semicolon").isEmpty();
    }

    @Test
    void readsAcrossCookieHeaders() {
        WebRequest r = new WebRequest("GET", "/", "/", new WebHeaders().add("Cookie", "a=1").add("cookie", "a=2; b=3"),
                null, null);
        assertThat(r.cookies("a")).containsExactly("1", "2");
        assertThat(r.cookies("c")).isEmpty();
    }

    @Property(tries = 3000)
    void findsWhatNettysLaxDecoderFound(@ForAll("headers") String header) {
        List<Cookie> decoded;
        try {
            decoded = ServerCookieDecoder.LAX.decodeAll(header);
        } catch (IllegalArgumentException e) {
            // Netty refused a name that is empty once trimmed by throwing; the reader skips it.
            for (String name : NAMES) {
                CookieHeader.values(header, name, new ArrayList<>());
            }
            return;
        }
        for (String name : NAMES) {
            List<String> expected = decoded.stream().filter(c -> c.name().equals(name)).map(Cookie::value).toList();
            List<String> actual = new ArrayList<>();
            CookieHeader.values(header, name, actual);
            assertThat(actual).as("%s in [%s]", name, header).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> parts = Arbitraries.of("xs_session", "__Host-xs_session", "a", "b c", "=", ";", "; ", ",",
                " ", "\t", "\u0001", "\u0000", "\"", "value", "$Version=1", "$Path=/", "$Version", "x", "\"q\"", "==");
        return parts.list().ofMaxSize(12).map(p -> String.join("", p));
    }
}
