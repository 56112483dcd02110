package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a JSON text first goes wrong, by line and column (the same scan as the page's script). */
class JsonSyntaxTest {
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\": 1}",
        "[]",
        "\"text\"",
        "-0.5e+10",
        "true",
        "null",
        "  {\"a\": [1, 2, {\"b\": false}], \"c\": \"\\u00e9\\n\"}  ",
    })
    void validTextsHaveNoProblem(String text) {
        assertThat(JsonSyntax.check(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{oops                 | 1 | 2  | a key in double quotes",
        "{\"a\" 1}             | 1 | 6  | after the key",
        "{\"a\": 1,}           | 1 | 9  | a key in double quotes",
        "[1, 2                 | 1 | 6  | Unexpected end of the text",
        "[1 2]                 | 1 | 4  | \u2018,\u2019 or \u2018]\u2019",
        "01                    | 1 | 2  | Unexpected text after the JSON value",
        "1.                    | 1 | 3  | after the decimal point",
        "tru                   | 1 | 1  | a value",
        "\"abc                 | 1 | 1  | never closed",
        "\"a\\qb\"             | 1 | 3  | Unknown escape",
        "\"\\u12g4\"           | 1 | 2  | four hexadecimal digits",
        "{'a': 1}              | 1 | 2  | Unexpected \u2018'\u2019",
    })
    void problemsAreFoundWhereTheyAre(String text, int line, int column, String says) {
        JsonSyntax.Problem p = JsonSyntax.check(text.strip()).orElseThrow();
        assertThat(p.line()).as(p.describe()).isEqualTo(line);
        assertThat(p.column()).as(p.describe()).isEqualTo(column);
        assertThat(p.message()).contains(says);
    }

    @Test
    void linesAreCountedAcrossUnixAndWindowsLineBreaks() {
        String typed = "{\n  \"text\": \"hi\",\n  \"n\": 1\n  \"m\": 2\n}";
        assertThat(JsonSyntax.check(typed).orElseThrow().describe())
                .isEqualTo("Line 4, column 3: Unexpected \u2018\"\u2019; expected \u2018,\u2019 or \u2018}\u2019.");
        // A browser posts a text area's line breaks as CRLF: the line and column stay the same.
        assertThat(JsonSyntax.check(typed.replace("\n", "\r\n")).orElseThrow().describe())
                .isEqualTo("Line 4, column 3: Unexpected \u2018\"\u2019; expected \u2018,\u2019 or \u2018}\u2019.");
    }

    @Test
    void aLineBreakInsideAStringIsNamed() {
        JsonSyntax.Problem p = JsonSyntax.check("{\"a\": \"one\ntwo\"}").orElseThrow();
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.column()).isEqualTo(11);
        assertThat(p.message()).contains("line break");
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(JsonSyntax.check(deep).orElseThrow().message()).contains("Nested more than 64");
        String fine = "[".repeat(JsonSyntax.MAX_DEPTH) + "]".repeat(JsonSyntax.MAX_DEPTH);
        assertThat(JsonSyntax.check(fine)).isEmpty();
    }

    /** On the texts people type, the scan and a full parser agree on what is valid. */
    @Property(tries = 3000)
    void agreesWithJacksonOnValidity(@ForAll("jsonish") String text) {
        boolean jackson;
        try {
            JACKSON.readTree(text);
            jackson = true;
        } catch (Exception e) {
            jackson = false;
        }
        assertThat(JsonSyntax.check(text).isEmpty()).as(text).isEqualTo(jackson);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"a\"", "\"", "1", "-", "0", ".", "e",
                "true", "nul", "null", " ", "\n", "\\", "\\n", "x", "\"\\u00e9\"", "2.5", "1e3");
        return tokens.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l)).filter(s -> !s.isBlank());
    }
}
