package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.token.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The customer-backend API of a project: mint connection and subscription tokens through the
 * engine's {@link TokenMinter} (so they carry the project id and satisfy every rule the engine
 * verifies with), and publish into the project's space through the engine's server API in
 * process. Validation happens before anything is signed or published: a channel the engine
 * would refuse is a 400 naming the field, and a server whose token settings allow no token it
 * can sign answers 503 saying which setting.
 */
public final class RealtimeApi {
    static final int DEFAULT_TTL = 900;
    static final int MIN_TTL = 30;
    static final int MAX_TTL = 3600;
    static final int MAX_USER_ID_BYTES = 256;
    static final int MAX_INFO_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOKEN_FIELDS = Set.of("userId", "ttlSeconds", "channels", "info");
    private static final Set<String> SUB_TOKEN_FIELDS = Set.of("userId", "channel", "ttlSeconds", "info");
    private static final Set<String> PUBLISH_FIELDS =
            Set.of("channel", "data", "b64data", "idempotencyKey", "tags", "skipHistory");

    private final ApiExecutor engine;
    private final TokenMinter minter;
    private final ChannelRules rules;
    private final int maxDataBytes;

    /** A successful answer: status and JSON body. */
    public record Answer(HttpStatus status, ObjectNode body) {
    }

    /**
     * @param engine       the server API executor of the engine (default space; scoped per project here)
     * @param rules        the engine's channel rules (namespaces, name limits)
     * @param minter       the engine's token minter
     * @param maxDataBytes largest publication payload (the engine's message size limit)
     */
    public RealtimeApi(ApiExecutor engine, ChannelRules rules, TokenMinter minter, int maxDataBytes) {
        this.engine = engine;
        this.minter = minter;
        this.rules = rules;
        this.maxDataBytes = maxDataBytes;
    }

    /** {@code POST /api/realtime/token}. */
    public Answer token(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, TOKEN_FIELDS);
        String userId = JsonFields.id(body, "userId", MAX_USER_ID_BYTES);
        int ttl = JsonFields.intInRange(body, "ttlSeconds", MIN_TTL, MAX_TTL, DEFAULT_TTL);
        List<String> channels = JsonFields.strings(body, "channels");
        for (int i = 0; i < channels.size(); i++) {
            checkChannel("channels[" + i + "]", channels.get(i));
        }
        JsonNode info = info(body);
        return tokenAnswer(() -> minter.connectionToken(new TokenMinter.ConnectionClaims(userId, project.id(),
                Duration.ofSeconds(ttl), channels, info)), ttl);
    }

    /** {@code POST /api/realtime/subscription-token}. */
    public Answer subscriptionToken(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, SUB_TOKEN_FIELDS);
        String userId = JsonFields.id(body, "userId", MAX_USER_ID_BYTES);
        String channel = JsonFields.id(body, "channel", rules.config().maxLength());
        checkChannel("channel", channel);
        int ttl = JsonFields.intInRange(body, "ttlSeconds", MIN_TTL, MAX_TTL, DEFAULT_TTL);
        JsonNode info = info(body);
        return tokenAnswer(() -> minter.subscriptionToken(new TokenMinter.SubscriptionClaims(userId, project.id(),
                channel, Duration.ofSeconds(ttl), info)), ttl);
    }

    /** {@code POST /api/realtime/publish}: into the project's channel space. */
    public CompletionStage<Answer> publish(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, PUBLISH_FIELDS);
        String channel = JsonFields.id(body, "channel", rules.config().maxLength());
        checkChannel("channel", channel);
        byte[] data = data(body);
        String idempotencyKey = JsonFields.optionalString(body, "idempotencyKey", 256);
        Map<String, String> tags = JsonFields.tags(body, "tags");
        boolean skipHistory = JsonFields.bool(body, "skipHistory");
        ApiRequests.Publish req = new ApiRequests.Publish(channel, data, skipHistory, tags, idempotencyKey);
        return publish(project, req).thenApply(r -> {
            if (r.error() != null) {
                throw new ApiProblem.Failure(publishRefused(channel, r.error()));
            }
            ObjectNode out = JSON.createObjectNode().put("channel", channel);
            if (r.result().offset() > 0) {
                out.put("offset", r.result().offset()).put("epoch", r.result().epoch());
            }
            return new Answer(HttpStatus.OK, out);
        });
    }

    /** The one call into the engine for a publish. */
    private CompletionStage<ApiResponse<StreamPosition>> publish(Project project, ApiRequests.Publish req) {
        return engine.inProject(project.id()).execute(req).thenApply(ApiExecutor::asPosition);
    }

    private static ApiProblem publishRefused(String channel, ApiError error) {
        if (error == ApiError.UNKNOWN_CHANNEL) {
            return unknownNamespace("channel", channel);
        }
        if (error == ApiError.BAD_REQUEST) {
            return ApiProblem.invalidField("data", "is not accepted by the channel's namespace "
                    + "(empty, or not the publication data format it requires)");
        }
        return ApiProblem.unavailable("the engine could not publish: " + error.message());
    }

    private byte[] data(JsonNode body) {
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

    private static JsonNode info(JsonNode body) {
        JsonNode info = JsonFields.object(body, "info");
        if (info != null && info.toString().getBytes(StandardCharsets.UTF_8).length > MAX_INFO_BYTES) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("info", "must be at most 4 KiB once serialized"));
        }
        return info;
    }

    /**
     * The engine's own channel check ({@link ChannelRules#validate}, as for a client's subscribe):
     * the namespace must exist and the name must be valid, so no unusable token is handed out.
     */
    private void checkChannel(String field, String channel) {
        switch (rules.validate(channel)) {
            case UNKNOWN_NAMESPACE -> throw new ApiProblem.Failure(unknownNamespace(field, channel));
            case INVALID_NAME -> throw new ApiProblem.Failure(ApiProblem.invalidField(field, "\""
                    + printable(channel) + "\" is not a valid channel name (at most " + rules.config().maxLength()
                    + " bytes, no control characters, ASCII unless the namespace sets channel_regex)"));
            case VALID -> { }
        }
    }

    /** The name as it can be shown in a message: control characters escaped. */
    private static String printable(String channel) {
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

    private static ApiProblem unknownNamespace(String field, String channel) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "unknown_namespace",
                field + ": the namespace of \"" + channel + "\" is not configured on this server");
    }

    private static Answer tokenAnswer(java.util.function.Supplier<String> mint, int ttl) {
        String token;
        try {
            token = mint.get();
        } catch (TokenMinter.CannotSign e) {
            throw new ApiProblem.Failure(ApiProblem.unavailable("this server can not mint tokens: " + e.getMessage()));
        }
        return new Answer(HttpStatus.OK,
                JSON.createObjectNode().put("token", token).put("expiresInSeconds", ttl));
    }

    static CompletionStage<Answer> failed(ApiProblem p) {
        return CompletableFuture.failedFuture(new ApiProblem.Failure(p));
    }
}
