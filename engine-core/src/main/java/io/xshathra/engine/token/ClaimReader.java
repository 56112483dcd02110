package io.xshathra.engine.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed access to one JSON object of claims. Every getter treats an absent claim and a JSON
 * {@code null} alike (as Go's decoder does) and throws {@link TokenException.Reason#INVALID} when
 * a claim has the wrong type. Messages name the claim, never its value.
 */
final class ClaimReader {

    /**
     * Floats are kept as {@link BigDecimal} so raw JSON ({@code info}, {@code data}, {@code meta})
     * is re-serialised without precision loss and never as a non-JSON {@code Infinity}; trailing
     * data after the object is refused, as Go's {@code json.Unmarshal} does.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** JSON number grammar; Go's decoder accepts a NumericDate written as such a string. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final int MAX_NUMBER_STRING = 64;
    /** Clamp for NumericDates, well inside {@link Instant}'s range. */
    private static final long MAX_EPOCH_SECOND = 1L << 52;

    private final ObjectNode node;
    private final String where;

    private ClaimReader(ObjectNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /** Parses a token payload, which must be one JSON object. */
    static ClaimReader parse(byte[] json) throws TokenException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw TokenException.invalid("claims are not valid JSON");
        }
        if (!(root instanceof ObjectNode object)) {
            throw TokenException.invalid("claims are not a JSON object");
        }
        return new ClaimReader(object, "");
    }

    /** A reader over the object claim {@code name}, or {@code null} when absent. */
    ClaimReader nested(String name) throws TokenException {
        ObjectNode object = object(name);
        return object == null ? null : new ClaimReader(object, where + name + ".");
    }

    /** A reader over an object that is the value of a map entry, {@code null} for JSON null. */
    ClaimReader entry(String mapName, JsonNode value) throws TokenException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw invalidType(mapName + " entry", "an object");
        }
        return new ClaimReader(object, where + mapName + " entry.");
    }

    /** The fields of the object claim {@code name} in document order, empty when absent. */
    Iterable<Map.Entry<String, JsonNode>> fields(String name) throws TokenException {
        ObjectNode object = object(name);
        return object == null ? List.of() : object.properties();
    }

    String string(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalidType(name, "a string");
        }
        return v.textValue();
    }

    String stringOrEmpty(String name) throws TokenException {
        String s = string(name);
        return s == null ? "" : s;
    }

    /**
     * A NumericDate: an integer or fractional number of unix seconds (or, as Go's decoder allows,
     * a string holding a JSON number). Values beyond ±2^52 s are clamped; they are far past any
     * useful date and the clamp keeps arithmetic safe.
     */
    Instant numericDate(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Instant.ofEpochSecond(Math.max(-MAX_EPOCH_SECOND, Math.min(MAX_EPOCH_SECOND, v.longValue())));
        }
        BigDecimal value;
        if (v.isNumber()) {
            value = v.decimalValue();
        } else if (v.isTextual() && v.textValue().length() <= MAX_NUMBER_STRING
                && JSON_NUMBER.matcher(v.textValue()).matches()) {
            value = new BigDecimal(v.textValue());
        } else {
            throw invalidType(name, "a NumericDate");
        }
        // doubleValue() first: it is cheap even for extreme exponents, unlike BigDecimal scaling.
        double seconds = value.doubleValue();
        if (!Double.isFinite(seconds)) {
            throw invalidType(name, "a NumericDate in range");
        }
        double clamped = Math.max(-MAX_EPOCH_SECOND, Math.min(MAX_EPOCH_SECOND, seconds));
        double whole = Math.floor(clamped);
        long nanos = Math.min(999_999_999L, (long) ((clamped - whole) * 1e9));
        return Instant.ofEpochSecond((long) whole, nanos);
    }

    /** A 64-bit integer claim such as {@code expire_at} (Go decodes it into an int64). */
    Long integer(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalidType(name, "a 64-bit integer");
        }
        return v.longValue();
    }

    /** An array of strings, empty when absent. */
    List<String> stringArray(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw invalidType(name, "an array of strings");
        }
        return strings(name, v);
    }

    /** A string or an array of strings (RFC 7519 {@code aud}), empty when absent. */
    List<String> stringOrStringArray(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return List.of();
        }
        if (v.isTextual()) {
            return List.of(v.textValue());
        }
        if (!v.isArray()) {
            throw invalidType(name, "a string or an array of strings");
        }
        return strings(name, v);
    }

    /** The claim re-serialised as compact JSON, {@code null} when absent. */
    byte[] rawJson(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(v);
        } catch (JsonProcessingException e) {
            throw TokenException.invalid("claim '" + where + name + "' can not be serialised");
        }
    }

    /** The decoded standard (padded) base64 string claim; {@code null} when absent or empty. */
    byte[] base64(String name) throws TokenException {
        String s = string(name);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw invalidType(name, "valid base64");
        }
    }

    /** {@code b64Name} decoded when set, else the raw JSON of {@code jsonName} (Centrifugo's rule). */
    byte[] base64OrRawJson(String b64Name, String jsonName) throws TokenException {
        byte[] decoded = base64(b64Name);
        return decoded != null ? decoded : rawJson(jsonName);
    }

    /**
     * A Centrifugo {@code BoolValue} object ({@code {"value":true}}); {@code null} when absent and
     * {@code false} when the object has no {@code value}.
     */
    Boolean boolValue(String name) throws TokenException {
        ObjectNode object = object(name);
        if (object == null) {
            return null;
        }
        JsonNode value = object.get("value");
        if (value == null || value.isNull()) {
            return Boolean.FALSE;
        }
        if (!value.isBoolean()) {
            throw invalidType(name + ".value", "a boolean");
        }
        return value.booleanValue();
    }

    /**
     * A scalar claim read as a string, the way Centrifugo reads {@code user_id_claim} (gjson's
     * {@code String()}): strings as is, numbers in plain decimal notation, booleans as
     * {@code true}/{@code false}, absent or null as {@code ""}. Objects and arrays are refused.
     */
    String scalarAsString(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return "";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw invalidType(name, "a finite number");
            }
            return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        }
        throw invalidType(name, "a string");
    }

    private ObjectNode object(String name) throws TokenException {
        JsonNode v = present(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ObjectNode object)) {
            throw invalidType(name, "an object");
        }
        return object;
    }

    private List<String> strings(String name, JsonNode array) throws TokenException {
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                throw invalidType(name, "an array of strings");
            }
            out.add(element.textValue());
        }
        return out;
    }

    private JsonNode present(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private TokenException invalidType(String name, String expected) {
        return TokenException.invalid("claim '" + where + name + "' must be " + expected);
    }
}
