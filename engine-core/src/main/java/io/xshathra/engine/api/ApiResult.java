package io.xshathra.engine.api;

import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.protocol.proto.ClientInfo;
import java.util.List;
import java.util.Map;

/**
 * What one server API request answers: a {@link Failure} or one of the result shapes. The shape
 * alone says how a binding writes it, so a binding needs no knowledge of the method that made it.
 */
public sealed interface ApiResult permits ApiResult.Failure, ApiResult.Position, ApiResult.Positions,
        ApiResult.Empty, ApiResult.Presence, ApiResult.PresenceCounts, ApiResult.History, ApiResult.Channels,
        ApiResult.Nodes, ApiResult.Replies, ApiResult.MapUpdate, ApiResult.MapEntries, ApiResult.MapCount {

    /** The answer of subscribe, unsubscribe, disconnect, refresh and history_remove. */
    Empty EMPTY = new Empty();

    /** The error, or null when the request succeeded. */
    default ApiError error() {
        return null;
    }

    /** The failure answering {@code error} (one shared value per error). */
    static Failure failure(ApiError error) {
        return Failure.OF[error.ordinal()];
    }

    /** The request failed with {@code error}. */
    record Failure(ApiError error) implements ApiResult {
        private static final Failure[] OF = failures();

        private static Failure[] failures() {
            ApiError[] all = ApiError.values();
            Failure[] out = new Failure[all.length];
            for (ApiError e : all) {
                out[e.ordinal()] = new Failure(e);
            }
            return out;
        }
    }

    /** publish: where the publication went in the stream (offset 0 and epoch "" without history). */
    record Position(StreamPosition position) implements ApiResult {
    }

    /** broadcast: one response per channel, in the order of the request. */
    record Positions(List<ApiResponse<StreamPosition>> responses) implements ApiResult {
    }

    /** A request that succeeded with nothing to tell. */
    record Empty() implements ApiResult {
    }

    /** presence: client id → client. */
    record Presence(Map<String, ClientInfo> clients) implements ApiResult {
    }

    /** presence_stats. */
    record PresenceCounts(PresenceStats stats) implements ApiResult {
    }

    /** history: publications and the stream top. */
    record History(HistoryResult history) implements ApiResult {
    }

    /** channels: channel → subscriber count across the nodes. */
    record Channels(Map<String, Integer> counts) implements ApiResult {
    }

    /** info: every live node, this one first. */
    record Nodes(List<NodeInfo> nodes) implements ApiResult {
    }

    /** The answer of map_publish and map_remove. */
    record MapUpdate(io.xshathra.engine.broker.MapUpdateResult update) implements ApiResult {
    }

    /**
     * The answer of map_read_state and map_read_stream: entries (each with its key, data, tags and
     * offset; {@code removed} for a removal in a stream), the channel's position, and the cursor of
     * the next state page ("" on the last page and for streams).
     */
    record MapEntries(List<io.xshathra.protocol.proto.Publication> entries, StreamPosition position, String cursor)
            implements ApiResult {
    }

    /** The answer of map_stats: the keys the channel holds. */
    record MapCount(int numKeys) implements ApiResult {
    }

    /** batch: one reply per command, in the order of the commands. */
    record Replies(List<Reply> replies) implements ApiResult {
    }

    /** One command's reply in a batch; a success is keyed by the command's {@code method}. */
    record Reply(String method, ApiResult result) {
    }
}
