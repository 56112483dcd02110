package io.xshathra.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code channels} API's glob patterns. The accepted and rejected patterns below were
 * checked against Centrifugo v6.9.1 (rejected ones answer error 100 there).
 */
class GlobTest {

    @Test
    void globsMatchAsDocumented() {
        assertThat(Glob.compile("chat:*").test("chat:room")).isTrue();
        assertThat(Glob.compile("chat:**").test("chat:a:b")).isTrue();
        assertThat(Glob.compile("chat:?").test("chat:ab")).isFalse();
        assertThat(Glob.compile("room[0-9]").test("room7")).isTrue();
        assertThat(Glob.compile("room[!0-9]").test("room7")).isFalse();
        assertThat(Glob.compile("room[!0-9]").test("roomx")).isTrue();
        assertThat(Glob.compile("{news,chat}:*").test("chat:x")).isTrue();
        assertThat(Glob.compile("{news,chat}:*").test("feed:x")).isFalse();
        assertThat(Glob.compile("a.b").test("axb")).as("regex syntax is literal").isFalse();
    }

    @Test
    void ordinaryCharactersFollowTheGrammar() {
        assertThat(Glob.compile("[ab-c]").test("-")).as("no ranges inside a list").isTrue();
        assertThat(Glob.compile("[ab-c]").test("b")).isTrue();
        assertThat(Glob.compile("[ab-c]").test("x")).isFalse();
        assertThat(Glob.compile("a]").test("a]")).isTrue();
        assertThat(Glob.compile("x,}").test("x,}")).isTrue();
        assertThat(Glob.compile("\\*").test("*")).isTrue();
        assertThat(Glob.compile("\\*").test("x")).isFalse();
        assertThat(Glob.compile("[\\]]").test("]")).isTrue();
        assertThat(Glob.compile("{a,b").test("b")).as("open alternatives close at the end").isTrue();
        assertThat(Glob.compile("{a,}x").test("x")).isTrue();
        assertThat(Glob.compile("[&&a]").test("&")).isTrue();
        assertThat(Glob.compile("[\\d]").test("d")).isTrue();
        assertThat(Glob.compile("[\\d]").test("5")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "a[", "[]", "[!]", "[a-z", "[a-]", "[z-a]", "[a-zA-Z]", "x{[}", "chat:[]a-"})
    void malformedClassesAreRejected(String glob) {
        assertThatThrownBy(() -> Glob.compile(glob)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{}", "{a,}", "a{}", "{,}", "}", "]", "\\", "a\\", "[\\-a]", "***", "[!!]", "[a-z]x"})
    void looseBracesAndEscapesAreAccepted(String glob) {
        assertThat(Glob.compile(glob)).isNotNull();
    }

    @Test
    void anyStringEitherCompilesOrIsRejectedCleanly() {
        Random r = new Random(7);
        String alphabet = "[]{}!-,*?\\^&$()|.+a0z:#\u00e9";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder g = new StringBuilder();
            for (int i = r.nextInt(12); i > 0; i--) {
                g.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            Predicate<String> p;
            try {
                p = Glob.compile(g.toString());
            } catch (IllegalArgumentException malformed) {
                continue;
            }
            p.test("chat:room");
        }
    }
}
