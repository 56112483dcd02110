package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Strict readers for request fields; each failure names the field and the rule. */
final class JsonFields {
    private JsonFields() {
    }

    private static ApiProblem.Failure fail(String field, String rule) {
        return new ApiProblem.Failure(ApiProblem.invalidField(field, rule));
    }

    /** Refuses members other than {@code allowed}, so a misspelt field is not silently ignored. */
    static void onlyKnown(JsonNode body, Set<String> allowed) {
        onlyKnown(body, allowed, "");
    }

    /** {@link #onlyKnown(JsonNode, Set)} for a nested object; {@code prefix} names it in messages ("since."). */
    static void onlyKnown(JsonNode body, Set<String> allowed, String prefix) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw fail(prefix + name, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    static boolean present(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    /** A required identifier: non-empty, at most {@code maxBytes} UTF-8 bytes, no control characters. */
    static String id(JsonNode body, String field, int maxBytes) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw fail(field, "is required");
        }
        if (!v.isTextual()) {
            throw fail(field, "must be a string");
        }
        String s = v.asText();
        if (s.isEmpty()) {
            throw fail(field, "must not be empty");
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw fail(field, "must be at most " + maxBytes + " bytes");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw fail(field, "must not contain control characters");
            }
        }
        return s;
    }

    /** An optional whole number within [min, max], {@code dflt} when absent. Out of range is an error, never clamped. */
    static int intInRange(JsonNode body, String field, int min, int max, int dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw fail(field, "must be a whole number of seconds");
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            throw fail(field, "must be between " + min + " and " + max + " (got " + v.asText() + ")");
        }
        return (int) d;
    }

    /** An optional whole number within [min, max], {@code dflt} when absent. Out of range is an error, never clamped. */
    static int count(JsonNode body, String field, int min, int max, int dflt) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        return (int) wholeNumber(body, field, field, min, max);
    }

    /** A present whole number within [min, max]; {@code label} names it in messages. */
    static long wholeNumber(JsonNode body, String field, String label, long min, long max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            if (v != null && v.isNumber() && v.asDouble() == Math.rint(v.asDouble())
                    && Math.abs(v.asDouble()) < 0x1p53) {
                return inRange(label, (long) v.asDouble(), min, max, v.asText());
            }
            throw fail(label, "must be a whole number");
        }
        return inRange(label, v.asLong(), min, max, v.asText());
    }

    private static long inRange(String label, long n, long min, long max, String shown) {
        if (n < min || n > max) {
            throw fail(label, "must be between " + min + " and " + max + " (got " + shown + ")");
        }
        return n;
    }

    static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw fail(field, "must be an array of strings");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw fail(field + "[" + i + "]", "must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    static String optionalString(JsonNode body, String field, int maxBytes) {
        return optionalString(body, field, maxBytes, field);
    }

    /** An optional string ("" when absent) of at most {@code maxBytes}; {@code label} names it in messages. */
    static String optionalString(JsonNode body, String field, int maxBytes, String label) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw fail(label, "must be a string");
        }
        if (v.asText().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw fail(label, "must be at most " + maxBytes + " bytes");
        }
        return v.asText();
    }

    static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw fail(field, "must be true or false");
        }
        return v.asBoolean();
    }

    /** An optional JSON object; null when absent. */
    static JsonNode object(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw fail(field, "must be a JSON object");
        }
        return v;
    }

    static Map<String, String> tags(JsonNode body, String field) {
        JsonNode v = object(body, field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw fail(field + "." + e.getKey(), "must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }
}
