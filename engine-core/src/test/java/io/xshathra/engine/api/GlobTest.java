package io.xshathra.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The {@code channels} API's glob patterns, including what the server API fuzzer sent. */
class GlobTest {

    @Test
    void globsMatchAsDocumented() {
        assertThat(Glob.compile("chat:*").test("chat:room")).isTrue();
        assertThat(Glob.compile("chat:?").test("chat:ab")).isFalse();
        assertThat(Glob.compile("room[0-9]").test("room7")).isTrue();
        assertThat(Glob.compile("room[!0-9]").test("room7")).isFalse();
        assertThat(Glob.compile("{news,chat}:*").test("chat:x")).isTrue();
        assertThat(Glob.compile("a.b").test("axb")).as("regex syntax is literal").isFalse();
    }

    @Test
    void malformedClassesAndBracesAreOrdinaryCharacters() {
        // "chat:[]a-" reached Pattern.compile as an unclosed class: the API call failed with an exception
        assertThat(Glob.compile("chat:[]a-").test("chat:[]a-")).isTrue();
        assertThat(Glob.compile("[z-a]").test("[z-a]")).isTrue();
        assertThat(Glob.compile("x[").test("x[")).isTrue();
        assertThat(Glob.compile("[&&a]").test("&")).isTrue();
        assertThat(Glob.compile("[\\d]").test("d")).isTrue();
        assertThat(Glob.compile("[\\d]").test("5")).isFalse();
        assertThat(Glob.compile("{{a}").test("{a")).isTrue();
    }

    @Test
    void anyStringCompiles() {
        Random r = new Random(7);
        String alphabet = "[]{}!-,*?\\^&$()|.+a0z:#\u00e9";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder g = new StringBuilder();
            for (int i = r.nextInt(12); i > 0; i--) {
                g.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            Predicate<String> p = Glob.compile(g.toString());
            p.test("chat:room");
        }
    }
}
