package io.xshathra.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one run: machine-readable values (for {@code --json}), the rows of the human
 * table, and the failures that make the exit code non-zero.
 */
public final class Result {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** A machine value and its row in the table ({@code label} null: machine only). */
    public Result put(String key, Object value, String label) {
        values.put(key, value);
        if (label != null) {
            rows.add(new String[] {label, format(value)});
        }
        return this;
    }

    /** A machine value only. */
    public Result put(String key, Object value) {
        return put(key, value, null);
    }

    /** A table row only. */
    public Result row(String label, String text) {
        rows.add(new String[] {label, text});
        return this;
    }

    /** Marks the run failed; the reason is reported and counted in the exit code. */
    public Result fail(String reason) {
        failures.add(reason);
        return this;
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    List<String[]> rows() {
        return rows;
    }

    /** Numbers as people read them: integers plainly, fractions with up to three decimals. */
    static String format(Object v) {
        if (v instanceof Double d) {
            if (Math.abs(d) >= 100) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            return String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(v);
    }

    /** Rounds for reports: three decimals. */
    public static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
