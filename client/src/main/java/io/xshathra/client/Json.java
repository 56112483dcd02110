package io.xshathra.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The library's one {@link ObjectMapper} and the strict readers of answers: a member that is
 * missing or of the wrong type is an {@link XshathraException#INVALID_RESPONSE}, never a Jackson
 * exception or a silent default.
 */
final class Json {
    /** Answers are small; nesting deeper than this is not an answer of ours. */
    private static final int MAX_NESTING = 200;
    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).build());
    }

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A caller's value as a JSON tree; a value Jackson cannot write is the caller's invalid field. */
    static JsonNode tree(String field, Object value) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(0, "invalid_field", field + ": can not be written as JSON ("
                    + e.getClass().getSimpleName() + ")", field);
        }
    }

    /** JSON text given by the caller, parsed to check it before it is sent. */
    static JsonNode parseRaw(String field, String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new InvalidRequestException(0, "invalid_field", field + ": is empty, not JSON", field);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(0, "invalid_field", field + ": is not valid JSON text", field);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new InvalidRequestException(0, "invalid_field", "data: can not be read as "
                    + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")", "data");
        }
    }

    /** An answer's body, which must be a JSON object (an empty body reads as {@code {}}). */
    static JsonNode answer(int status, byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (IOException e) {
            throw invalid(status, "the body is not JSON");
        }
        if (n == null || !n.isObject()) {
            throw invalid(status, "the body is not a JSON object");
        }
        return n;
    }

    static String text(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || !v.isTextual()) {
            throw invalid(200, "\"" + member + "\" is missing or not a string");
        }
        return v.asText();
    }

    static String optionalText(JsonNode n, String member, String dflt) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw invalid(200, "\"" + member + "\" is not a string");
        }
        return v.asText();
    }

    static long optionalLong(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(200, "\"" + member + "\" is not a whole number");
        }
        return v.asLong();
    }

    static int optionalInt(JsonNode n, String member) {
        long v = optionalLong(n, member);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(200, "\"" + member + "\" is out of range");
        }
        return (int) v;
    }

    /** A member that must be a JSON object (empty when absent or null). */
    static JsonNode objectMember(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!v.isObject()) {
            throw invalid(200, "\"" + member + "\" is not an object");
        }
        return v;
    }

    /** A member kept as JSON text (null when absent). */
    static String raw(JsonNode n, String member) {
        JsonNode v = n.get(member);
        return v == null || v.isNull() ? null : v.toString();
    }

    static XshathraException invalid(int status, String why) {
        return new XshathraException(status, XshathraException.INVALID_RESPONSE,
                "unexpected answer from the server (HTTP " + status + "): " + why, null);
    }
}
