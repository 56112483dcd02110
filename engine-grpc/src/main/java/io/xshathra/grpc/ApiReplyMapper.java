package io.xshathra.grpc;

import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.grpc.api.MapPublishResult;
import io.xshathra.grpc.api.MapRemoveResult;
import io.xshathra.grpc.api.BroadcastResult;
import io.xshathra.grpc.api.ChannelInfo;
import io.xshathra.grpc.api.ChannelsResult;
import io.xshathra.grpc.api.ClientInfo;
import io.xshathra.grpc.api.Error;
import io.xshathra.grpc.api.HistoryResult;
import io.xshathra.grpc.api.InfoResult;
import io.xshathra.grpc.api.NodeResult;
import io.xshathra.grpc.api.PresenceResult;
import io.xshathra.grpc.api.PresenceStatsResult;
import io.xshathra.grpc.api.Publication;
import io.xshathra.grpc.api.PublishResponse;
import io.xshathra.grpc.api.PublishResult;
import io.xshathra.grpc.api.Reply;
import java.util.Map;

/**
 * Writes the executor's results as the messages of Centrifugo's gRPC API. Each method takes the
 * result shape its API method produces; a batch reply is keyed by the command's method.
 */
final class ApiReplyMapper {
    private static final Error[] ERRORS = errors();

    private ApiReplyMapper() {
    }

    private static Error[] errors() {
        ApiError[] all = ApiError.values();
        Error[] out = new Error[all.length];
        for (ApiError e : all) {
            out[e.ordinal()] = Error.newBuilder().setCode(e.code()).setMessage(e.message()).build();
        }
        return out;
    }

    /** The wire error of {@code e} (one shared message per error). */
    static Error error(ApiError e) {
        return ERRORS[e.ordinal()];
    }

    static MapPublishResult mapPublish(io.xshathra.engine.broker.MapUpdateResult u) {
        return MapPublishResult.newBuilder().setOffset(u.position().offset()).setEpoch(u.position().epoch())
                .setSuppressed(u.suppressed()).setSuppressReason(u.suppressReason()).build();
    }

    static MapRemoveResult mapRemove(io.xshathra.engine.broker.MapUpdateResult u) {
        return MapRemoveResult.newBuilder().setOffset(u.position().offset()).setEpoch(u.position().epoch())
                .setSuppressed(u.suppressed()).setSuppressReason(u.suppressReason()).build();
    }

    static io.xshathra.grpc.api.MapReadStateResult mapReadState(ApiResult.MapEntries m) {
        io.xshathra.grpc.api.MapReadStateResult.Builder b = io.xshathra.grpc.api.MapReadStateResult.newBuilder()
                .setOffset(m.position().offset()).setEpoch(m.position().epoch()).setCursor(m.cursor());
        for (io.xshathra.protocol.proto.Publication p : m.entries()) {
            b.addEntries(mapEntry(p));
        }
        return b.build();
    }

    static io.xshathra.grpc.api.MapReadStreamResult mapReadStream(ApiResult.MapEntries m) {
        io.xshathra.grpc.api.MapReadStreamResult.Builder b = io.xshathra.grpc.api.MapReadStreamResult.newBuilder()
                .setOffset(m.position().offset()).setEpoch(m.position().epoch());
        for (io.xshathra.protocol.proto.Publication p : m.entries()) {
            b.addEntries(mapEntry(p));
        }
        return b.build();
    }

    static io.xshathra.grpc.api.MapStatsResult mapStats(ApiResult.MapCount m) {
        return io.xshathra.grpc.api.MapStatsResult.newBuilder().setNumKeys(m.numKeys()).build();
    }

    private static io.xshathra.grpc.api.MapEntry mapEntry(io.xshathra.protocol.proto.Publication p) {
        return io.xshathra.grpc.api.MapEntry.newBuilder().setKey(p.getKey()).setData(p.getData())
                .putAllTags(p.getTagsMap()).setOffset(p.getOffset()).setScore(p.getScore())
                .setRemoved(p.getRemoved()).setTime(p.getTime()).build();
    }

    static PublishResult publish(StreamPosition p) {
        return PublishResult.newBuilder().setOffset(p.offset()).setEpoch(p.epoch()).build();
    }

    static BroadcastResult broadcast(ApiResult.Positions r) {
        BroadcastResult.Builder b = BroadcastResult.newBuilder();
        for (ApiResponse<StreamPosition> one : r.responses()) {
            PublishResponse.Builder pr = PublishResponse.newBuilder();
            if (one.error() != null) {
                pr.setError(error(one.error()));
            } else {
                pr.setResult(publish(one.result()));
            }
            b.addResponses(pr);
        }
        return b.build();
    }

    static PresenceResult presence(ApiResult.Presence r) {
        PresenceResult.Builder b = PresenceResult.newBuilder();
        for (Map.Entry<String, io.xshathra.protocol.proto.ClientInfo> e : r.clients().entrySet()) {
            b.putPresence(e.getKey(), clientInfo(e.getValue()));
        }
        return b.build();
    }

    static PresenceStatsResult presenceStats(ApiResult.PresenceCounts r) {
        return PresenceStatsResult.newBuilder().setNumClients(r.stats().numClients())
                .setNumUsers(r.stats().numUsers()).build();
    }

    static HistoryResult history(ApiResult.History r) {
        HistoryResult.Builder b = HistoryResult.newBuilder()
                .setEpoch(r.history().top().epoch()).setOffset(r.history().top().offset());
        for (io.xshathra.protocol.proto.Publication p : r.history().publications()) {
            Publication.Builder pb = Publication.newBuilder().setData(p.getData()).setOffset(p.getOffset())
                    .putAllTags(p.getTagsMap());
            if (p.hasInfo()) {
                pb.setInfo(clientInfo(p.getInfo()));
            }
            b.addPublications(pb);
        }
        return b.build();
    }

    static ChannelsResult channels(ApiResult.Channels r) {
        ChannelsResult.Builder b = ChannelsResult.newBuilder();
        for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
            b.putChannels(e.getKey(), ChannelInfo.newBuilder().setNumClients(e.getValue()).build());
        }
        return b.build();
    }

    static InfoResult info(ApiResult.Nodes r) {
        InfoResult.Builder b = InfoResult.newBuilder();
        for (NodeInfo n : r.nodes()) {
            b.addNodes(NodeResult.newBuilder().setUid(n.uid()).setName(n.name()).setVersion(n.version())
                    .setNumClients(n.numClients()).setNumUsers(n.numUsers()).setNumChannels(n.numChannels())
                    .setUptime((int) Math.min(Integer.MAX_VALUE, n.uptimeSeconds())).setNumSubs(n.numSubs()));
        }
        return b.build();
    }

    private static ClientInfo clientInfo(io.xshathra.protocol.proto.ClientInfo i) {
        return ClientInfo.newBuilder().setUser(i.getUser()).setClient(i.getClient()).setConnInfo(i.getConnInfo())
                .setChanInfo(i.getChanInfo()).build();
    }

    /** One batch reply: the error, or the result under the field of the command's method. */
    static Reply reply(ApiResult.Reply reply) {
        Reply.Builder b = Reply.newBuilder();
        ApiResult r = reply.result();
        if (r.error() != null) {
            return b.setError(error(r.error())).build();
        }
        switch (reply.method()) {
            case "publish" -> b.setPublish(publish(((ApiResult.Position) r).position()));
            case "broadcast" -> b.setBroadcast(broadcast((ApiResult.Positions) r));
            case "subscribe" -> b.setSubscribe(io.xshathra.grpc.api.SubscribeResult.getDefaultInstance());
            case "unsubscribe" -> b.setUnsubscribe(io.xshathra.grpc.api.UnsubscribeResult.getDefaultInstance());
            case "disconnect" -> b.setDisconnect(io.xshathra.grpc.api.DisconnectResult.getDefaultInstance());
            case "refresh" -> b.setRefresh(io.xshathra.grpc.api.RefreshResult.getDefaultInstance());
            case "presence" -> b.setPresence(presence((ApiResult.Presence) r));
            case "presence_stats" -> b.setPresenceStats(presenceStats((ApiResult.PresenceCounts) r));
            case "history" -> b.setHistory(history((ApiResult.History) r));
            case "history_remove" -> b.setHistoryRemove(io.xshathra.grpc.api.HistoryRemoveResult.getDefaultInstance());
            case "channels" -> b.setChannels(channels((ApiResult.Channels) r));
            case "info" -> b.setInfo(info((ApiResult.Nodes) r));
            case "map_publish" -> b.setMapPublish(mapPublish(((ApiResult.MapUpdate) r).update()));
            case "map_remove" -> b.setMapRemove(mapRemove(((ApiResult.MapUpdate) r).update()));
            case "map_read_state" -> b.setMapReadState(mapReadState((ApiResult.MapEntries) r));
            case "map_read_stream" -> b.setMapReadStream(mapReadStream((ApiResult.MapEntries) r));
            case "map_stats" -> b.setMapStats(mapStats((ApiResult.MapCount) r));
            case "map_clear" -> b.setMapClear(io.xshathra.grpc.api.MapClearResult.getDefaultInstance());
            case "shared_poll_publish" -> b.setSharedPollPublish(
                    io.xshathra.grpc.api.SharedPollPublishResult.getDefaultInstance());
            default -> b.setError(error(ApiError.INTERNAL));
        }
        return b.build();
    }
}
