package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The read side of the tenant API: history (and its removal), presence, presence counts and the
 * project's channels. Every request is validated in full, then run by the engine's one
 * {@link ApiExecutor} scoped to the project ({@link ApiExecutor#inProject}), so it can only name
 * the project's channels and answers with them as the tenant names them.
 */
final class TenantQueries {
    /** The most publications one history request returns. */
    static final int MAX_HISTORY_LIMIT = 1000;
    /** The longest epoch accepted in {@code since}. */
    static final int MAX_EPOCH_BYTES = 64;
    /** The longest {@code channels} pattern, in UTF-8 bytes. */
    static final int MAX_PATTERN_BYTES = 256;
    /**
     * The most {@code *} and <code>{</code> a pattern may hold together: each one multiplies the
     * cost of matching a name (three already take milliseconds per channel name).
     */
    static final int MAX_PATTERN_WILDCARDS = 2;
    /** The most channels one {@code channels} answer lists (the first ones by name). */
    static final int MAX_CHANNELS = 10_000;

    private static final Set<String> HISTORY_FIELDS = Set.of("channel", "limit", "since", "reverse");
    private static final Set<String> CHANNEL_FIELD = Set.of("channel");
    private static final Set<String> CHANNELS_FIELDS = Set.of("pattern");
    private static final Set<String> SINCE_FIELDS = Set.of("offset", "epoch");

    private final ApiExecutor engine;
    private final TenantChannels channels;

    TenantQueries(ApiExecutor engine, TenantChannels channels) {
        this.engine = engine;
        this.channels = channels;
    }

    CompletionStage<RealtimeApi.Answer> history(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, HISTORY_FIELDS);
        String channel = channels.channel(project.id(), body, "channel");
        int limit = JsonFields.count(body, "limit", 0, MAX_HISTORY_LIMIT, 0);
        StreamPosition since = since(body);
        boolean reverse = JsonFields.bool(body, "reverse");
        if (reverse && since != null && since.offset() == 0) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("since.offset", "must be at least 1 when reverse is true"));
        }
        return run(project, new ApiRequests.History(channel, limit, since, reverse), channel, "history")
                .thenApply(r -> ok(history(((ApiResult.History) r).history())));
    }

    CompletionStage<RealtimeApi.Answer> historyRemove(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, CHANNEL_FIELD);
        String channel = channels.channel(project.id(), body, "channel");
        return run(project, new ApiRequests.HistoryRemove(channel), channel, "history")
                .thenApply(r -> ok(TenantJson.JSON.createObjectNode()));
    }

    CompletionStage<RealtimeApi.Answer> presence(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, CHANNEL_FIELD);
        String channel = channels.channel(project.id(), body, "channel");
        return run(project, new ApiRequests.Presence(channel), channel, "presence").thenApply(r -> {
            ObjectNode out = TenantJson.JSON.createObjectNode();
            ObjectNode clients = out.putObject("clients");
            for (Map.Entry<String, ClientInfo> e : new TreeMap<>(((ApiResult.Presence) r).clients()).entrySet()) {
                clients.set(e.getKey(), TenantJson.client(e.getValue()));
            }
            return ok(out);
        });
    }

    CompletionStage<RealtimeApi.Answer> presenceStats(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, CHANNEL_FIELD);
        String channel = channels.channel(project.id(), body, "channel");
        return run(project, new ApiRequests.PresenceStats(channel), channel, "presence").thenApply(r -> {
            PresenceStats st = ((ApiResult.PresenceCounts) r).stats();
            return ok(TenantJson.JSON.createObjectNode().put("numClients", st.numClients())
                    .put("numUsers", st.numUsers()));
        });
    }

    CompletionStage<RealtimeApi.Answer> channels(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, CHANNELS_FIELDS);
        String pattern = pattern(body);
        return run(project, new ApiRequests.Channels(pattern), "", "channels").thenApply(r -> {
            ObjectNode out = TenantJson.JSON.createObjectNode();
            ObjectNode list = out.putObject("channels");
            new TreeMap<>(((ApiResult.Channels) r).counts()).entrySet().stream().limit(MAX_CHANNELS)
                    .forEach(e -> list.putObject(e.getKey()).put("numClients", e.getValue()));
            return ok(out);
        });
    }

    /** The one way into the engine: its executor, scoped to the project. */
    private CompletionStage<ApiResult> run(Project project, ApiRequest request, String channel, String feature) {
        return engine.inProject(project.id()).execute(request)
                .thenApply(r -> EngineProblems.check(r, channel, feature));
    }

    private static ObjectNode history(HistoryResult h) {
        ObjectNode out = TenantJson.JSON.createObjectNode();
        ArrayNode pubs = out.putArray("publications");
        for (Publication p : h.publications()) {
            pubs.add(TenantJson.publication(p));
        }
        out.put("offset", h.top().offset()).put("epoch", h.top().epoch());
        return out;
    }

    /** {@code since}: {@code {"offset": N, "epoch": "..."}}, or null when absent. */
    private static StreamPosition since(JsonNode body) {
        JsonNode since = JsonFields.object(body, "since");
        if (since == null) {
            return null;
        }
        JsonFields.onlyKnown(since, SINCE_FIELDS, "since.");
        if (!JsonFields.present(since, "offset")) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("since.offset", "is required"));
        }
        long offset = JsonFields.wholeNumber(since, "offset", "since.offset", 0, Long.MAX_VALUE);
        String epoch = JsonFields.optionalString(since, "epoch", MAX_EPOCH_BYTES, "since.epoch");
        return new StreamPosition(offset, epoch);
    }

    /** The optional glob; "" lists every channel of the project. */
    private static String pattern(JsonNode body) {
        String pattern = JsonFields.optionalString(body, "pattern", MAX_PATTERN_BYTES);
        for (int i = 0; i < pattern.length(); i++) {
            if (Character.isISOControl(pattern.charAt(i))) {
                throw new ApiProblem.Failure(ApiProblem.invalidField("pattern", "must not contain control characters"));
            }
        }
        if (pattern.chars().filter(c -> c == '*' || c == '{').count() > MAX_PATTERN_WILDCARDS) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("pattern",
                    "may hold at most " + MAX_PATTERN_WILDCARDS + " of * and { in all"));
        }
        if (!pattern.isEmpty() && !io.xshathra.engine.api.Glob.wellFormed(pattern)) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("pattern",
                    "is not a valid pattern (*, ?, [a-z], [!abc], {a,b}; \\ makes the next character ordinary)"));
        }
        return pattern;
    }

    private static RealtimeApi.Answer ok(ObjectNode body) {
        return new RealtimeApi.Answer(HttpStatus.OK, body);
    }
}
