package io.xshathra.engine.api;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.cluster.Cluster;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.engine.util.DataFormats;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Engine} of one node: validates each request, acts on this node (through
 * {@link LocalActions}) and fans targeted requests out to the other nodes (through the
 * {@link Cluster}); reads go to the broker and presence manager, channel and node listings to
 * the cluster. Knows nothing of HTTP; the HTTP binding and the control plane both call it in
 * process. Thread-safe.
 */
public final class ServerApi implements Engine {
    private final SessionContext ctx;
    private final LocalActions local;
    private final Cluster<NodeInfo> cluster;
    private final String project;

    /** The server API of the default channel space (plain Centrifugo behaviour). */
    public ServerApi(SessionContext ctx, LocalActions local, Cluster<NodeInfo> cluster) {
        this(ctx, local, cluster, "");
    }

    private ServerApi(SessionContext ctx, LocalActions local, Cluster<NodeInfo> cluster, String project) {
        this.ctx = ctx;
        this.local = local;
        this.cluster = cluster;
        this.project = project;
    }

    /**
     * The same API scoped to one project's channel space: channels name that project's
     * channels, and user targets select only that project's connections.
     */
    @Override
    public ServerApi inProject(String projectId) {
        if (ChannelSpace.containsSeparator(projectId)) {
            throw new IllegalArgumentException("invalid project id");
        }
        return new ServerApi(ctx, local, cluster, projectId);
    }

    /** The project this API addresses ("" = default space). */
    @Override
    public String project() {
        return project;
    }

    private String key(String channel) {
        return ChannelSpace.key(project, channel);
    }

    /** The collaborators of the node this API runs on (configuration, channel rules, metrics). */
    public SessionContext context() {
        return ctx;
    }

    /** The same as {@link #context()}; kept for callers that read the node's configuration or metrics. */
    public SessionContext node() {
        return ctx;
    }

    @Override
    public CompletionStage<ApiResponse<StreamPosition>> publish(ApiRequests.Publish req) {
        if (badName(req.channel())) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(req.channel());
        if (rc == null) {
            return ApiResponse.failed(ApiError.UNKNOWN_CHANNEL);
        }
        ChannelOptions o = rc.options();
        ByteString data = req.data() == null ? ByteString.EMPTY : ByteString.copyFrom(req.data());
        if (!DataFormats.accepts(o.publicationDataFormat(), data)) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        Publication.Builder pub = Publication.newBuilder().setData(data);
        if (req.tags() != null) {
            pub.putAllTags(req.tags());
        }
        ChannelOptions stored = req.skipHistory() ? noHistory(o) : o;
        return ctx.publish(key(req.channel()), pub.build(), stored, req.idempotencyKey(), req.delta())
                .handle((PublishResult r, Throwable e) -> e != null ? ApiResponse.fail(ApiError.INTERNAL)
                        : ApiResponse.ok(r.position()));
    }

    @Override
    public CompletionStage<ApiResponse<io.xshathra.engine.broker.MapUpdateResult>> mapPublish(
            ApiRequests.MapPublish req) {
        return MapApi.publish(ctx, project, req);
    }

    @Override
    public CompletionStage<ApiResponse<ApiResult.MapEntries>> mapReadState(ApiRequests.MapReadState req) {
        return MapReadApi.readState(ctx, project, req);
    }

    @Override
    public CompletionStage<ApiResponse<ApiResult.MapEntries>> mapReadStream(ApiRequests.MapReadStream req) {
        return MapReadApi.readStream(ctx, project, req);
    }

    @Override
    public CompletionStage<ApiResponse<Integer>> mapStats(String channel) {
        return MapReadApi.stats(ctx, project, channel);
    }

    @Override
    public CompletionStage<ApiResponse<Void>> mapClear(String channel) {
        return MapReadApi.clear(ctx, project, channel);
    }

    @Override
    public CompletionStage<ApiResponse<io.xshathra.engine.broker.MapUpdateResult>> mapRemove(
            ApiRequests.MapRemove req) {
        return MapApi.remove(ctx, project, req);
    }

    /**
     * Checked as the reference does (107 without channel, key or version, or when the namespace is
     * not shared-poll; 102 unknown channel; 108 without {@code publish_enabled}), then applied here
     * and on every other node.
     */
    @Override
    public CompletionStage<ApiResponse<Void>> sharedPollPublish(ApiRequests.SharedPollPublish req) {
        if (req.channel() == null || req.channel().isEmpty() || req.key() == null || req.key().isEmpty()
                || req.version() == 0) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(req.channel());
        if (rc == null) {
            return ApiResponse.failed(ApiError.UNKNOWN_CHANNEL);
        }
        if (!rc.options().sharedPoll().configured()) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        if (!rc.options().sharedPoll().publishEnabled()) {
            return ApiResponse.failed(ApiError.NOT_AVAILABLE);
        }
        local.sharedPollPublish(project, req);
        cluster.fanOut(ApiRequests.SharedPollPublish.METHOD, project, req);
        return ApiResponse.done(null);
    }

    /**
     * Empty, carrying the space separator, or longer than {@code channel.max_length}: such a name
     * is refused (107) by every API method that reads or creates channel state.
     */
    private boolean badName(String channel) {
        return !ctx.channelRules(project).wellFormed(channel);
    }

    private static ChannelOptions noHistory(ChannelOptions o) {
        ChannelOptions.Builder b = o.toBuilder();
        b.historySize = 0;
        b.historyTtl = java.time.Duration.ZERO;
        return b.build();
    }

    @Override
    public CompletionStage<ApiResponse<List<ApiResponse<StreamPosition>>>> broadcast(ApiRequests.Broadcast req) {
        if (req.channels() == null || req.channels().isEmpty()) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        List<CompletableFuture<ApiResponse<StreamPosition>>> all = new ArrayList<>();
        for (String ch : req.channels()) {
            all.add(publish(new ApiRequests.Publish(ch, req.data(), req.skipHistory(), req.tags(),
                    req.idempotencyKey(), req.delta())).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]))
                .thenApply(v -> ApiResponse.ok(all.stream().map(CompletableFuture::join).toList()));
    }

    @Override
    public CompletionStage<ApiResponse<Void>> subscribe(ApiRequests.Subscribe req) {
        if (badName(req.channel())) {
            return ApiResponse.failed(ApiError.BAD_REQUEST);
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(req.channel());
        if (rc == null) {
            return ApiResponse.failed(ApiError.UNKNOWN_CHANNEL);
        }
        local.subscribe(project, req);
        cluster.fanOut("subscribe", project, req);
        return ApiResponse.done(null);
    }

    @Override
    public CompletionStage<ApiResponse<Void>> unsubscribe(ApiRequests.Unsubscribe req) {
        String channel = req.channel() == null ? "" : req.channel();
        if (!channel.isEmpty() && ctx.channelRules(project).resolve(channel) == null) {
            return ApiResponse.failed(ApiError.UNKNOWN_CHANNEL);
        }
        local.unsubscribe(project, req);
        cluster.fanOut("unsubscribe", project, req);
        return ApiResponse.done(null);
    }

    @Override
    public CompletionStage<ApiResponse<Void>> disconnect(ApiRequests.Disconnect req) {
        local.disconnect(project, req);
        cluster.fanOut("disconnect", project, req);
        return ApiResponse.done(null);
    }

    @Override
    public CompletionStage<ApiResponse<Void>> refresh(ApiRequests.Refresh req) {
        local.refresh(project, req);
        cluster.fanOut("refresh", project, req);
        return ApiResponse.done(null);
    }

    private ApiError presenceCheck(String channel) {
        if (badName(channel)) {
            return ApiError.BAD_REQUEST;
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(channel);
        if (rc == null) {
            return ApiError.UNKNOWN_CHANNEL;
        }
        return rc.options().presence() ? null : ApiError.NOT_AVAILABLE;
    }

    @Override
    public CompletionStage<ApiResponse<Map<String, ClientInfo>>> presence(String channel) {
        ApiError err = presenceCheck(channel);
        if (err != null) {
            return ApiResponse.failed(err);
        }
        return ctx.presence().presence(key(channel))
                .handle((m, e) -> e != null ? ApiResponse.fail(ApiError.INTERNAL) : ApiResponse.ok(m));
    }

    @Override
    public CompletionStage<ApiResponse<PresenceStats>> presenceStats(String channel) {
        ApiError err = presenceCheck(channel);
        if (err != null) {
            return ApiResponse.failed(err);
        }
        return ctx.presence().stats(key(channel))
                .handle((st, e) -> e != null ? ApiResponse.fail(ApiError.INTERNAL) : ApiResponse.ok(st));
    }

    private ResolvedChannel historyChannel(String channel, ApiError[] err) {
        if (badName(channel)) {
            err[0] = ApiError.BAD_REQUEST;
            return null;
        }
        ResolvedChannel rc = ctx.channelRules(project).resolve(channel);
        if (rc == null) {
            err[0] = ApiError.UNKNOWN_CHANNEL;
        } else if (!rc.options().historyEnabled()) {
            err[0] = ApiError.NOT_AVAILABLE;
        }
        return err[0] == null ? rc : null;
    }

    /** History without a publication cap ({@code limit} negative = everything retained). */
    @Override
    public CompletionStage<ApiResponse<HistoryResult>> history(ApiRequests.History req) {
        ApiError[] err = new ApiError[1];
        ResolvedChannel rc = historyChannel(req.channel(), err);
        if (rc == null) {
            return ApiResponse.failed(err[0]);
        }
        if (req.reverse() && req.since() != null && req.since().offset() == 0) {
            return ApiResponse.failed(ApiError.INTERNAL);
        }
        HistoryQuery q = new HistoryQuery(req.since(), req.limit(), req.reverse(), ctx.metaTtl(rc.options()));
        return ctx.broker().history(key(req.channel()), q).handle((h, e) -> {
            if (e == null) {
                return ApiResponse.ok(h);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return ApiResponse.fail(cause instanceof UnrecoverablePositionException
                    ? ApiError.UNRECOVERABLE_POSITION : ApiError.INTERNAL);
        });
    }

    @Override
    public CompletionStage<ApiResponse<Void>> historyRemove(String channel) {
        ApiError[] err = new ApiError[1];
        if (historyChannel(channel, err) == null) {
            return ApiResponse.failed(err[0]);
        }
        return ctx.broker().removeHistory(key(channel))
                .handle((v, e) -> e != null ? ApiResponse.fail(ApiError.INTERNAL) : ApiResponse.ok(null));
    }

    /** Channels with subscribers on any node, optionally filtered by a glob pattern, with their counts. */
    @Override
    public CompletionStage<ApiResponse<Map<String, Integer>>> channels(String pattern) {
        if (pattern != null && !pattern.isEmpty()) {
            try {
                Glob.compile(pattern);
            } catch (IllegalArgumentException malformed) {
                // Centrifugo answers a pattern its glob grammar rejects with the internal error
                return ApiResponse.failed(ApiError.INTERNAL);
            }
        }
        return cluster.channels(project, pattern, local.localChannels(project, pattern)).thenApply(ApiResponse::ok);
    }

    /** Every live node: this one first. */
    @Override
    public CompletionStage<ApiResponse<List<NodeInfo>>> info() {
        return ApiResponse.done(cluster.nodes());
    }
}
