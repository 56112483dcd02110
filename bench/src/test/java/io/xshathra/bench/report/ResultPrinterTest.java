package io.xshathra.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultPrinterTest {

    private static Result sample() {
        return new Result().put("scenario", "fanout", "scenario")
                .put("delivered_per_sec", 1234.5678, "delivered / s")
                .put("lost", 0L, "lost")
                .put("latency_ms", Map.of("p50", 1.5))
                .row("latency", "p50 1.500 ms");
    }

    @Test
    void jsonIsOneObjectOnOneLine() throws Exception {
        StringWriter text = new StringWriter();
        ResultPrinter.json(new PrintWriter(text), sample().fail("3 messages lost"));
        String out = text.toString();
        assertThat(out.strip()).doesNotContain("\n");
        List<String> names = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(out)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            assertThat(p.nextToken()).isNull();
        }
        assertThat(names).containsExactly("scenario", "delivered_per_sec", "lost", "latency_ms", "passed", "failures");
        assertThat(out).contains("\"passed\":false").contains("\"failures\":[\"3 messages lost\"]")
                .contains("\"delivered_per_sec\":1234.5678").contains("\"latency_ms\":{\"p50\":1.5}");
    }

    @Test
    void tableListsRowsAndTheVerdict() {
        StringWriter text = new StringWriter();
        ResultPrinter.table(new PrintWriter(text), "xshathra bench fanout", sample());
        assertThat(text.toString()).contains("delivered / s  1234.6").contains("latency        p50 1.500 ms")
                .contains("PASS").doesNotContain("latency_ms");
    }
}
