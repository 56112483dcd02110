package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.engine.channel.ChannelRules;
import java.util.Base64;
import java.util.function.Function;

/**
 * The request checks every endpoint of the tenant API shares: channel names as the engine checks
 * a client's subscribe, and publication payloads within the engine's message size limit. Each
 * failure is an {@link ApiProblem.Failure} naming the field.
 */
final class TenantChannels {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The channel rules of a project: its own namespaces. */
    private final Function<String, ChannelRules> rules;
    private final int maxDataBytes;

    TenantChannels(Function<String, ChannelRules> rules, int maxDataBytes) {
        this.rules = rules;
        this.maxDataBytes = maxDataBytes;
    }

    /** The rules the project's channels resolve with. */
    ChannelRules rules(String projectId) {
        return rules.apply(projectId);
    }

    /** The required channel name of {@code field}, checked as {@link #check} does. */
    String channel(String projectId, JsonNode body, String field) {
        String channel = JsonFields.id(body, field, rules(projectId).config().maxLength());
        check(projectId, field, channel);
        return channel;
    }

    /**
     * The engine's own channel check ({@link ChannelRules#validate}, as for a client's subscribe):
     * the namespace must exist and the name must be valid, so nothing unusable is signed and no
     * request reaches the engine with a name it would refuse.
     */
    void check(String projectId, String field, String channel) {
        ChannelRules rules = rules(projectId);
        switch (rules.validate(channel)) {
            case UNKNOWN_NAMESPACE -> throw new ApiProblem.Failure(unknownNamespace(field, channel));
            case INVALID_NAME -> throw new ApiProblem.Failure(ApiProblem.invalidField(field, "\""
                    + printable(channel) + "\" is not a valid channel name (at most " + rules.config().maxLength()
                    + " bytes, no control characters, ASCII unless the namespace sets channel_regex)"));
            case VALID -> { }
        }
    }

    /** A publication payload: {@code data} (any JSON) or {@code b64data}, at most the engine's limit. */
    byte[] data(JsonNode body) {
        boolean hasData = body.has("data");
        String b64 = JsonFields.optionalString(body, "b64data", Integer.MAX_VALUE);
        if (hasData && !b64.isEmpty()) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("b64data", "give either data or b64data, not both"));
        }
        byte[] bytes;
        if (!b64.isEmpty()) {
            try {
                bytes = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new ApiProblem.Failure(ApiProblem.invalidField("b64data", "must be standard base64"));
            }
        } else if (hasData) {
            try {
                bytes = JSON.writeValueAsBytes(body.get("data"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ApiProblem.Failure(ApiProblem.invalidField("data", "must be JSON"));
            }
        } else {
            throw new ApiProblem.Failure(ApiProblem.invalidField("data", "is required (any JSON value)"));
        }
        if (bytes.length > maxDataBytes) {
            throw new ApiProblem.Failure(new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                    "data: must be at most " + maxDataBytes + " bytes (the engine's message size limit)"));
        }
        return bytes;
    }

    /** The name as it can be shown in a message: control characters escaped. */
    static String printable(String channel) {
        StringBuilder b = new StringBuilder(channel.length());
        channel.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    static ApiProblem unknownNamespace(String field, String channel) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "unknown_namespace",
                field + ": the namespace of \"" + printable(channel) + "\" is not configured on this server");
    }
}
