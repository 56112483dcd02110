package io.xshathra.engine.api;

import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.MapStateQuery;
import io.xshathra.engine.broker.MapStateResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.protocol.proto.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code map_read_state}, {@code map_read_stream}, {@code map_stats} and {@code map_clear} of
 * {@link ServerApi}. Like the map writes: a channel is required (107), its namespace must exist
 * (102) and be of a map subscription type (107). Reads name a position with an offset and an
 * epoch; when either is set and the epoch is not the channel's, the read fails with 112, as it does
 * when a forward stream read starts before the oldest retained change. A limit below zero means
 * no limit and a limit of zero reads the position alone.
 */
final class MapReadApi {
    /** "No limit": a channel never holds this many keys or changes. */
    private static final int ALL = Integer.MAX_VALUE - 1;

    private MapReadApi() {
    }

    static CompletionStage<ApiResponse<ApiResult.MapEntries>> readState(SessionContext ctx, String project,
                                                                       ApiRequests.MapReadState req) {
        MapOptions map = mapOptions(ctx, project, req.channel());
        if (map == null) {
            return ApiResponse.failed(error(ctx, project, req.channel()));
        }
        String ch = ChannelSpace.key(project, req.channel());
        StreamPosition revision = position(req.revisionOffset(), req.revisionEpoch());
        if (req.key() != null && !req.key().isEmpty()) {
            return answer(ctx.mapBroker().readKey(ch, req.key(), revision, map).thenApply(MapReadApi::entries));
        }
        if (req.limit() == 0) {
            // The position alone; the stream read answers it without entries in every mode.
            return answer(ctx.mapBroker().readStream(ch, null, 0, map).thenApply(h -> {
                if (revision != null && !revision.epoch().equals(h.top().epoch())) {
                    throw new UnrecoverablePositionException(ch);
                }
                return new ApiResult.MapEntries(List.of(), h.top(), "");
            }));
        }
        MapStateQuery q = new MapStateQuery(req.cursor() == null ? "" : req.cursor(),
                req.limit() < 0 ? ALL : req.limit(), revision);
        return answer(ctx.mapBroker().readState(ch, q, map).thenApply(MapReadApi::entries));
    }

    static CompletionStage<ApiResponse<ApiResult.MapEntries>> readStream(SessionContext ctx, String project,
                                                                        ApiRequests.MapReadStream req) {
        MapOptions map = mapOptions(ctx, project, req.channel());
        if (map == null) {
            return ApiResponse.failed(error(ctx, project, req.channel()));
        }
        String ch = ChannelSpace.key(project, req.channel());
        StreamPosition since = position(req.sinceOffset(), req.sinceEpoch());
        if (!req.reverse()) {
            return answer(ctx.mapBroker().readStream(ch, since, req.limit() < 0 ? -1 : req.limit(), map)
                    .thenApply(h -> new ApiResult.MapEntries(h.publications(), h.top(), "")));
        }
        // Newest first: the retained stream (bounded by the namespace's stream size) read whole,
        // then the changes before `since`, in reverse.
        int limit = req.limit();
        return answer(ctx.mapBroker().readStream(ch, null, limit == 0 ? 0 : -1, map)
                .thenApply(h -> reversed(ch, h, since, limit)));
    }

    static CompletionStage<ApiResponse<Integer>> stats(SessionContext ctx, String project, String channel) {
        MapOptions map = mapOptions(ctx, project, channel);
        if (map == null) {
            return ApiResponse.failed(error(ctx, project, channel));
        }
        return answer(ctx.mapBroker().stats(ChannelSpace.key(project, channel), map));
    }

    static CompletionStage<ApiResponse<Void>> clear(SessionContext ctx, String project, String channel) {
        MapOptions map = mapOptions(ctx, project, channel);
        if (map == null) {
            return ApiResponse.failed(error(ctx, project, channel));
        }
        return answer(ctx.mapBroker().clear(ChannelSpace.key(project, channel), map));
    }

    private static ApiResult.MapEntries reversed(String ch, HistoryResult h, StreamPosition since, int limit) {
        if (since != null && !since.epoch().isEmpty() && !since.epoch().equals(h.top().epoch())) {
            throw new UnrecoverablePositionException(ch);
        }
        int max = limit < 0 ? ALL : limit;
        List<Publication> all = h.publications();
        List<Publication> out = new ArrayList<>(Math.min(max, all.size()));
        for (int i = all.size() - 1; i >= 0 && out.size() < max; i--) {
            Publication p = all.get(i);
            if (since == null || since.offset() == 0 || p.getOffset() < since.offset()) {
                out.add(p);
            }
        }
        return new ApiResult.MapEntries(out, h.top(), "");
    }

    private static ApiResult.MapEntries entries(MapStateResult r) {
        return new ApiResult.MapEntries(r.entries(), r.position(), r.cursor());
    }

    /** A position named by a request; null when neither part is set. */
    private static StreamPosition position(long offset, String epoch) {
        String e = epoch == null ? "" : epoch;
        return offset > 0 || !e.isEmpty() ? new StreamPosition(offset, e) : null;
    }

    /** The namespace's map options; null when the channel may not be read as a map. */
    private static MapOptions mapOptions(SessionContext ctx, String project, String channel) {
        if (channel == null || channel.isEmpty() || !ctx.channelRules(project).wellFormed(channel)) {
            return null;
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(channel);
        return rc == null || !rc.options().map().configured() ? null : rc.options().map();
    }

    private static ApiError error(SessionContext ctx, String project, String channel) {
        boolean named = channel != null && !channel.isEmpty() && ctx.channelRules(project).wellFormed(channel);
        return named && ctx.channelRules(project).resolve(channel) == null ? ApiError.UNKNOWN_CHANNEL : ApiError.BAD_REQUEST;
    }

    private static <T> CompletionStage<ApiResponse<T>> answer(CompletionStage<T> stage) {
        return stage.handle((r, e) -> {
            if (e == null) {
                return ApiResponse.ok(r);
            }
            Throwable cause = e;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return ApiResponse.fail(cause instanceof UnrecoverablePositionException
                    ? ApiError.UNRECOVERABLE_POSITION : ApiError.INTERNAL);
        });
    }
}
