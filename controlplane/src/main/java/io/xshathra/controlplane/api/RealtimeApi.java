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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The customer-backend API of a project: mint connection and subscription tokens through the
 * engine's {@link TokenMinter} (so they carry the project id and satisfy every rule the engine
 * verifies with), and publish into the project's space through the engine's server API in
 * process; the rest of the tenant API (history, presence, channels, broadcast, unsubscribe,
 * disconnect) is {@link TenantQueries}' and {@link TenantActions}', on the same executor scoped
 * to the project. Validation happens before anything is signed or published: a channel the engine
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
    private final TenantChannels channels;
    private final TenantQueries queries;
    private final TenantActions actions;
    private final TenantLimits limits;

    /** A successful answer: status and JSON body. */
    public record Answer(HttpStatus status, ObjectNode body) {
    }

    /**
     * @param engine       the server API executor of the engine (default space; scoped per project here)
     * @param rules        the engine's channel rules, the same for every project
     * @param minter       the engine's token minter
     * @param maxDataBytes largest publication payload (the engine's message size limit)
     */
    public RealtimeApi(ApiExecutor engine, ChannelRules rules, TokenMinter minter, int maxDataBytes) {
        this(engine, projectId -> rules, minter, maxDataBytes, io.xshathra.engine.project.ProjectLimits.NONE);
    }

    /**
     * @param engine       the server API executor of the engine (default space; scoped per project here)
     * @param rules        the channel rules of a project (its own namespaces, the engine's name limits)
     * @param minter       the engine's token minter
     * @param maxDataBytes largest publication payload (the engine's message size limit)
     */
    public RealtimeApi(ApiExecutor engine, java.util.function.Function<String, ChannelRules> rules, TokenMinter minter,
                       int maxDataBytes) {
        this(engine, rules, minter, maxDataBytes, io.xshathra.engine.project.ProjectLimits.NONE);
    }

    /**
     * @param limits the projects' limits publish and broadcast are held to (the engine's, so that
     *               clients and backends share one publication budget)
     */
    public RealtimeApi(ApiExecutor engine, java.util.function.Function<String, ChannelRules> rules, TokenMinter minter,
                       int maxDataBytes, io.xshathra.engine.project.ProjectLimits limits) {
        this.engine = engine;
        this.minter = minter;
        this.channels = new TenantChannels(rules, maxDataBytes);
        this.queries = new TenantQueries(engine, channels);
        this.limits = new TenantLimits(limits);
        this.actions = new TenantActions(engine, channels, this.limits);
    }

    /** {@code POST /api/realtime/token}. */
    public Answer token(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, TOKEN_FIELDS);
        String userId = JsonFields.id(body, "userId", MAX_USER_ID_BYTES);
        int ttl = JsonFields.intInRange(body, "ttlSeconds", MIN_TTL, MAX_TTL, DEFAULT_TTL);
        List<String> channels = JsonFields.strings(body, "channels");
        for (int i = 0; i < channels.size(); i++) {
            checkChannel(project, "channels[" + i + "]", channels.get(i));
        }
        JsonNode info = info(body);
        return tokenAnswer(() -> minter.connectionToken(new TokenMinter.ConnectionClaims(userId, project.id(),
                Duration.ofSeconds(ttl), channels, info)), ttl);
    }

    /** {@code POST /api/realtime/subscription-token}. */
    public Answer subscriptionToken(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, SUB_TOKEN_FIELDS);
        String userId = JsonFields.id(body, "userId", MAX_USER_ID_BYTES);
        String channel = this.channels.channel(project.id(), body, "channel");
        int ttl = JsonFields.intInRange(body, "ttlSeconds", MIN_TTL, MAX_TTL, DEFAULT_TTL);
        JsonNode info = info(body);
        return tokenAnswer(() -> minter.subscriptionToken(new TokenMinter.SubscriptionClaims(userId, project.id(),
                channel, Duration.ofSeconds(ttl), info)), ttl);
    }

    /** {@code POST /api/realtime/publish}: into the project's channel space. */
    public CompletionStage<Answer> publish(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, PUBLISH_FIELDS);
        String channel = channels.channel(project.id(), body, "channel");
        byte[] data = channels.data(body);
        String idempotencyKey = JsonFields.optionalString(body, "idempotencyKey", 256);
        Map<String, String> tags = JsonFields.tags(body, "tags");
        boolean skipHistory = JsonFields.bool(body, "skipHistory");
        limits.admit(project, 1, data.length);
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

    /** {@code POST /api/realtime/history}. */
    public CompletionStage<Answer> history(Project project, JsonNode body) {
        return queries.history(project, body);
    }

    /** {@code POST /api/realtime/history-remove}. */
    public CompletionStage<Answer> historyRemove(Project project, JsonNode body) {
        return queries.historyRemove(project, body);
    }

    /** {@code POST /api/realtime/presence}. */
    public CompletionStage<Answer> presence(Project project, JsonNode body) {
        return queries.presence(project, body);
    }

    /** {@code POST /api/realtime/presence-stats}. */
    public CompletionStage<Answer> presenceStats(Project project, JsonNode body) {
        return queries.presenceStats(project, body);
    }

    /** {@code POST /api/realtime/channels}. */
    public CompletionStage<Answer> channels(Project project, JsonNode body) {
        return queries.channels(project, body);
    }

    /** {@code POST /api/realtime/broadcast}. */
    public CompletionStage<Answer> broadcast(Project project, JsonNode body) {
        return actions.broadcast(project, body);
    }

    /** {@code POST /api/realtime/unsubscribe}. */
    public CompletionStage<Answer> unsubscribe(Project project, JsonNode body) {
        return actions.unsubscribe(project, body);
    }

    /** {@code POST /api/realtime/disconnect}. */
    public CompletionStage<Answer> disconnect(Project project, JsonNode body) {
        return actions.disconnect(project, body);
    }

    /** The one call into the engine for a publish. */
    private CompletionStage<ApiResponse<StreamPosition>> publish(Project project, ApiRequests.Publish req) {
        return engine.inProject(project.id()).execute(req).thenApply(ApiExecutor::asPosition);
    }

    private static ApiProblem publishRefused(String channel, ApiError error) {
        if (error == ApiError.UNKNOWN_CHANNEL) {
            return TenantChannels.unknownNamespace("channel", channel);
        }
        if (error == ApiError.BAD_REQUEST) {
            return ApiProblem.invalidField("data", "is not accepted by the channel's namespace "
                    + "(empty, or not the publication data format it requires)");
        }
        return ApiProblem.unavailable("the engine could not publish: " + error.message());
    }

    private static JsonNode info(JsonNode body) {
        JsonNode info = JsonFields.object(body, "info");
        if (info != null && info.toString().getBytes(StandardCharsets.UTF_8).length > MAX_INFO_BYTES) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("info", "must be at most 4 KiB once serialized"));
        }
        return info;
    }

    private void checkChannel(Project project, String field, String channel) {
        channels.check(project.id(), field, channel);
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
