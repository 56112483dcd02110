package io.xshathra.engine.api;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.MapKeyMode;
import io.xshathra.engine.broker.MapPublishOptions;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code map_publish} and {@code map_remove} of {@link ServerApi}: a channel and a key are
 * required (107), the channel's namespace must exist (102) and be of a map subscription type
 * (107); the write goes to the map broker with the namespace's map options.
 */
final class MapApi {
    private MapApi() {
    }

    static CompletionStage<ApiResponse<MapUpdateResult>> publish(SessionContext ctx, String project,
                                                                 ApiRequests.MapPublish req) {
        ApiError bad = check(ctx, project, req.channel(), req.key());
        if (bad != null) {
            return ApiResponse.failed(bad);
        }
        MapKeyMode mode = switch (req.keyMode() == null ? "" : req.keyMode()) {
            case "" -> MapKeyMode.REPLACE;
            case "if_new" -> MapKeyMode.IF_NEW;
            case "if_exists" -> MapKeyMode.IF_EXISTS;
            default -> null;
        };
        if (mode == null) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        ChannelOptions co = ctx.channelRules(project).resolve(req.channel()).options();
        MapOptions map = co.map();
        ByteString data = req.data() == null ? ByteString.EMPTY : ByteString.copyFrom(req.data());
        MapPublishOptions o = new MapPublishOptions(data, req.tags() == null ? Map.of() : req.tags(), null,
                req.idempotencyKey(), mode, false, req.version(),
                req.versionEpoch() == null ? "" : req.versionEpoch(), req.delta() || co.deltaPublish());
        return ctx.mapBroker().publish(ChannelSpace.key(project, req.channel()), req.key(), o, map)
                .handle((r, e) -> e != null ? ApiResponse.fail(ApiError.INTERNAL) : ApiResponse.ok(r));
    }

    static CompletionStage<ApiResponse<MapUpdateResult>> remove(SessionContext ctx, String project,
                                                                ApiRequests.MapRemove req) {
        ApiError bad = check(ctx, project, req.channel(), req.key());
        if (bad != null) {
            return ApiResponse.failed(bad);
        }
        MapOptions map = ctx.channelRules(project).resolve(req.channel()).options().map();
        return ctx.mapBroker().remove(ChannelSpace.key(project, req.channel()), req.key(), req.idempotencyKey(), map)
                .handle((r, e) -> e != null ? ApiResponse.fail(ApiError.INTERNAL) : ApiResponse.ok(r));
    }

    private static ApiError check(SessionContext ctx, String project, String channel, String key) {
        if (channel == null || channel.isEmpty() || key == null || key.isEmpty()
                || !ctx.channelRules(project).wellFormed(channel)) {
            return ApiError.BAD_REQUEST;
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(channel);
        if (rc == null) {
            return ApiError.UNKNOWN_CHANNEL;
        }
        return rc.options().map().configured() ? null : ApiError.BAD_REQUEST;
    }
}
