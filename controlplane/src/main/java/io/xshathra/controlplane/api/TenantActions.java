package io.xshathra.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.util.DataFormats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The acting side of the tenant API beyond publish: broadcast to several channels, and
 * unsubscribe or disconnect a user's connections. Every request is validated in full before the
 * engine's one {@link ApiExecutor}, scoped to the project, runs it; a user target selects only
 * the project's connections (on every node), never those of another project or of the default
 * space.
 */
final class TenantActions {
    /** The most channels one broadcast publishes to. */
    static final int MAX_BROADCAST_CHANNELS = 100;

    private static final Set<String> BROADCAST_FIELDS =
            Set.of("channels", "data", "b64data", "idempotencyKey", "tags", "skipHistory");
    private static final Set<String> UNSUBSCRIBE_FIELDS = Set.of("userId", "channel");
    private static final Set<String> DISCONNECT_FIELDS = Set.of("userId");

    private final ApiExecutor engine;
    private final TenantChannels channels;
    private final TenantLimits limits;

    TenantActions(ApiExecutor engine, TenantChannels channels, TenantLimits limits) {
        this.engine = engine;
        this.channels = channels;
        this.limits = limits;
    }

    CompletionStage<RealtimeApi.Answer> broadcast(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, BROADCAST_FIELDS);
        List<String> targets = broadcastChannels(project.id(), body);
        byte[] data = channels.data(body);
        ByteString payload = ByteString.copyFrom(data);
        for (String channel : targets) {
            acceptsData(project.id(), channel, payload);
        }
        String idempotencyKey = JsonFields.optionalString(body, "idempotencyKey", 256);
        Map<String, String> tags = JsonFields.tags(body, "tags");
        boolean skipHistory = JsonFields.bool(body, "skipHistory");
        limits.admit(project, targets.size(), data.length);
        ApiRequest req = new ApiRequests.Broadcast(targets, data, skipHistory, tags, idempotencyKey);
        return run(project, req).thenApply(r -> {
            List<ApiResponse<StreamPosition>> each = ((ApiResult.Positions) r).responses();
            ObjectNode out = TenantJson.JSON.createObjectNode();
            ArrayNode results = out.putArray("results");
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < each.size(); i++) {
                ApiResponse<StreamPosition> one = each.get(i);
                if (one.error() != null) {
                    failed.add(targets.get(i));
                    continue;
                }
                ObjectNode o = results.addObject().put("channel", targets.get(i));
                if (one.result().offset() > 0) {
                    o.put("offset", one.result().offset()).put("epoch", one.result().epoch());
                }
            }
            if (!failed.isEmpty()) {
                throw new ApiProblem.Failure(ApiProblem.unavailable("the engine could not publish to "
                        + failed.size() + " of " + targets.size() + " channels (" + String.join(", ", failed)
                        + "); send the request again with the same idempotencyKey"));
            }
            return new RealtimeApi.Answer(HttpStatus.OK, out);
        });
    }

    CompletionStage<RealtimeApi.Answer> unsubscribe(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, UNSUBSCRIBE_FIELDS);
        String user = JsonFields.id(body, "userId", RealtimeApi.MAX_USER_ID_BYTES);
        String channel = channels.channel(project.id(), body, "channel");
        return run(project, new ApiRequests.Unsubscribe(new ApiRequests.Target(user, "", ""), channel))
                .thenApply(TenantActions::empty);
    }

    CompletionStage<RealtimeApi.Answer> disconnect(Project project, JsonNode body) {
        JsonFields.onlyKnown(body, DISCONNECT_FIELDS);
        String user = JsonFields.id(body, "userId", RealtimeApi.MAX_USER_ID_BYTES);
        return run(project, new ApiRequests.Disconnect(new ApiRequests.Target(user, "", ""), List.of(), 0, ""))
                .thenApply(TenantActions::empty);
    }

    /** 1 to {@value #MAX_BROADCAST_CHANNELS} valid channel names, none twice. */
    private List<String> broadcastChannels(String projectId, JsonNode body) {
        if (!JsonFields.present(body, "channels")) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("channels", "is required (an array of channel names)"));
        }
        JsonNode v = body.get("channels");
        if (v.isArray() && v.size() > MAX_BROADCAST_CHANNELS) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("channels",
                    "must hold at most " + MAX_BROADCAST_CHANNELS + " channels (got " + v.size() + ")"));
        }
        List<String> list = JsonFields.strings(body, "channels");
        if (list.isEmpty()) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("channels", "must hold at least one channel"));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String field = "channels[" + i + "]";
            String ch = list.get(i);
            channels.check(projectId, field, ch);
            Integer first = seen.putIfAbsent(ch, i);
            if (first != null) {
                throw new ApiProblem.Failure(ApiProblem.invalidField(field, "repeats channels[" + first + "]"));
            }
        }
        return list;
    }

    /** The namespace's {@code publication_data_format} is checked here, so no channel is published to when one refuses. */
    private void acceptsData(String projectId, String channel, ByteString data) {
        ResolvedChannel rc = channels.rules(projectId).resolve(channel);
        if (rc != null && !DataFormats.accepts(rc.options().publicationDataFormat(), data)) {
            throw new ApiProblem.Failure(ApiProblem.invalidField("data", "is not accepted by the namespace of \""
                    + channel + "\" (empty, or not the publication data format it requires)"));
        }
    }

    private CompletionStage<ApiResult> run(Project project, ApiRequest request) {
        String channel = request instanceof ApiRequests.Unsubscribe u ? u.channel() : "";
        return engine.inProject(project.id()).execute(request)
                .thenApply(r -> EngineProblems.check(r, channel, "broadcast"));
    }

    private static RealtimeApi.Answer empty(ApiResult r) {
        return new RealtimeApi.Answer(HttpStatus.OK, TenantJson.JSON.createObjectNode());
    }
}
