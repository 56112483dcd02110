package io.xshathra.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/** Prints a {@link Result} as a two-column table or as one JSON object. */
public final class ResultPrinter {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultPrinter() {
    }

    /** The human table, then PASS or the failures. */
    public static void table(PrintWriter out, String title, Result r) {
        int width = 1;
        for (String[] row : r.rows()) {
            width = Math.max(width, row[0].length());
        }
        out.println();
        out.println(title);
        out.println("-".repeat(Math.max(title.length(), width + 24)));
        for (String[] row : r.rows()) {
            out.printf("%-" + width + "s  %s%n", row[0], row[1]);
        }
        out.println("-".repeat(Math.max(title.length(), width + 24)));
        if (r.passed()) {
            out.println("PASS");
        } else {
            for (String f : r.failures()) {
                out.println("FAIL: " + f);
            }
        }
        out.flush();
    }

    /** One JSON object on one line: every value plus {@code passed} and {@code failures}. */
    public static void json(PrintWriter out, Result r) {
        try {
            JsonGenerator g = JSON.createGenerator((Writer) out);
            g.writeStartObject();
            for (Map.Entry<String, Object> e : r.values().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeBooleanField("passed", r.passed());
            g.writeFieldName("failures");
            write(g, r.failures());
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }
}
