package io.xshathra.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Form and query decoding: the console used Netty's {@link QueryStringDecoder} (no path, 32
 * fields, {@code ;} an ordinary character) and {@link QueryStringEncoder}; the neutral codec must
 * give the same fields, the same refusals and the same encoded text for any input.
 */
class UrlEncodedTest {

    @Test
    void decodesFieldsAsBrowsersSendThem() {
        Map<String, List<String>> f = UrlEncoded.decode("?a=1&b=x+y&a=%C3%A9;z&flag&=v&&c==d#e=f", 32);
        assertThat(f).containsExactly(Map.entry("a", List.of("1", "é;z")), Map.entry("b", List.of("x y")),
                Map.entry("flag", List.of("")), Map.entry("v", List.of("")), Map.entry("c", List.of("=d")));
        assertThat(UrlEncoded.decode("", 32)).isEmpty();
        assertThat(UrlEncoded.decode("a=1&b=2&c=3", 2)).containsOnlyKeys("a", "b");
    }

    @Test
    void refusesMalformedEscapes() {
        for (String s : new String[] {"a=%", "a=%z1", "a=%1", "a=%%41", "a=%٣٣"}) {
            assertThatThrownBy(() -> UrlEncoded.decode(s, 32)).as(s).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void encodesAComponent() {
        assertThat(UrlEncoded.encodeComponent("/projects/p_1")).isEqualTo("%2Fprojects%2Fp_1");
        assertThat(UrlEncoded.encodeComponent("a b~*.-_é")).isEqualTo("a%20b~*.-_%C3%A9");
        assertThat(UrlEncoded.encodeComponent("plain")).isEqualTo("plain");
    }

    @Property(tries = 3000)
    void decodesExactlyAsNettyDid(@ForAll("formish") String s) {
        Map<String, List<String>> expected;
        try {
            expected = new QueryStringDecoder(s, StandardCharsets.UTF_8, false, 32, true).parameters();
        } catch (IllegalArgumentException e) {
            assertThatThrownBy(() -> UrlEncoded.decode(s, 32)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        assertThat(UrlEncoded.decode(s, 32)).containsExactlyEntriesOf(expected);
    }

    @Property(tries = 1000)
    void encodesExactlyAsNettyDid(@ForAll("formish") String s) {
        QueryStringEncoder enc = new QueryStringEncoder("/login");
        enc.addParam("next", s);
        assertThat("/login?next=" + UrlEncoded.encodeComponent(s)).isEqualTo(enc.toString());
    }

    @Property(tries = 1000)
    void findsTheQueryAsNettyDid(@ForAll("formish") String s) {
        String uri = "/p" + s;
        assertThat(UrlEncoded.rawQuery(uri)).isEqualTo(new QueryStringDecoder(uri).rawQuery());
        assertThat(WebRequest.pathOf(uri)).isEqualTo(new QueryStringDecoder(uri).rawPath());
    }

    @Provide
    Arbitrary<String> formish() {
        Arbitrary<Character> special = Arbitraries.of('=', '&', ';', '#', '?', '+', '%', ' ', 'a', 'b', 'é', '€',
                '\u0000', '\uD83D', '\uDE00', '\u20AC', 'F', '3', 'C');
        Arbitrary<String> escapes = Arbitraries.of("%C3%A9", "%zz", "%4", "%E2%82", "%FF", "%41%42", "%2B", "%");
        return Arbitraries.oneOf(special.map(String::valueOf), escapes, Arbitraries.strings().ofMaxLength(3))
                .list().ofMaxSize(16).map(parts -> String.join("", parts));
    }
}
