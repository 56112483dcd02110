package io.xshathra.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.ServerActions;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.cluster.ClusterMember;
import io.xshathra.protocol.Disconnect;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the server API does on this node alone: subscribe, unsubscribe, disconnect and refresh
 * the connections a target selects here, and list the channels with local subscribers. The
 * {@link ServerApi} calls it for its own node and fans the same request out through the
 * cluster; other nodes' requests arrive here through {@link ClusterMember#applyLocally}.
 * Thread-safe: every action on a session runs on the session's event loop.
 */
public final class LocalActions implements ClusterMember<NodeInfo> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionContext ctx;
    private final ServerActions actions;
    private final long startedAt;

    public LocalActions(SessionContext ctx) {
        this.ctx = ctx;
        this.actions = new ServerActions(ctx);
        this.startedAt = ctx.clock().millis();
    }

    @Override
    public String id() {
        return ctx.nodeId();
    }

    /** This node's own figures. */
    @Override
    public NodeInfo self() {
        long uptimeSeconds = (ctx.clock().millis() - startedAt) / 1000;
        return new NodeInfo(ctx.nodeId(), ctx.config().nodeName(), ctx.version(), ctx.sessions().numClients(),
                ctx.sessions().numUsers(), ctx.hub().numChannels(), uptimeSeconds, ctx.hub().numSubscriptions(),
                ctx.tenants().limits().localConnections());
    }

    @Override
    public Class<NodeInfo> infoType() {
        return NodeInfo.class;
    }

    @Override
    public boolean applyLocally(String op, String project, JsonNode request) throws IOException {
        if (ChannelSpace.containsSeparator(project)) {
            throw new IllegalArgumentException("invalid project id");
        }
        switch (op) {
            case "subscribe" -> subscribe(project, JSON.treeToValue(request, ApiRequests.Subscribe.class));
            case "unsubscribe" -> unsubscribe(project, JSON.treeToValue(request, ApiRequests.Unsubscribe.class));
            case "disconnect" -> disconnect(project, JSON.treeToValue(request, ApiRequests.Disconnect.class));
            case "refresh" -> refresh(project, JSON.treeToValue(request, ApiRequests.Refresh.class));
            case ApiRequests.SharedPollPublish.METHOD -> sharedPollPublish(project,
                    JSON.treeToValue(request, ApiRequests.SharedPollPublish.class));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Runs an action on the event loop of every connection the target selects. */
    private void forTarget(String project, ApiRequests.Target t, Predicate<ClientSession> extra,
                           Consumer<ClientSession> action) {
        for (ClientSession s : ctx.sessions().sessionsOf(project, t.user() == null ? "" : t.user())) {
            if ((t.client() == null || t.client().isEmpty() || t.client().equals(s.id())) && extra.test(s)) {
                s.execute(() -> action.accept(s));
            }
        }
    }

    /** Subscribes the target's connections on this node. */
    void subscribe(String project, ApiRequests.Subscribe req) {
        ResolvedChannel rc = ctx.channelRules(project).resolve(req.channel());
        if (rc == null) {
            return;
        }
        forTarget(project, req.target(), s -> true, s -> actions.subscribe(s, new ServerActions.Subscription(
                req.channel(), rc.options(), req.info(), req.data(), req.recoverSince(), req.expireAt(),
                req.override())));
    }

    /** Applies a shared-poll publish to this node's poll state of the channel (if it has any). */
    void sharedPollPublish(String project, ApiRequests.SharedPollPublish req) {
        ctx.sharedPolls().publish(io.xshathra.engine.channel.ChannelSpace.key(project, req.channel()), req.key(),
                req.version(), req.data(), req.epoch() == null ? "" : req.epoch());
    }

    /** Unsubscribes the target's connections on this node. */
    void unsubscribe(String project, ApiRequests.Unsubscribe req) {
        String channel = req.channel() == null ? "" : req.channel();
        forTarget(project, req.target(), s -> true, s -> {
            for (String ch : channel.isEmpty() ? s.channels() : List.of(channel)) {
                s.serverUnsubscribe(ch, 2000, "server unsubscribe");
            }
        });
    }

    /** Disconnects the target's connections on this node. */
    void disconnect(String project, ApiRequests.Disconnect req) {
        Disconnect d = req.code() > 0
                ? new Disconnect(req.code(), req.reason() == null ? "" : req.reason())
                : Disconnect.FORCE_NO_RECONNECT;
        List<String> keep = req.whitelist() == null ? List.of() : req.whitelist();
        forTarget(project, req.target(), s -> !keep.contains(s.id()), s -> s.disconnect(d));
    }

    /** Refreshes the target's connections on this node. */
    void refresh(String project, ApiRequests.Refresh req) {
        forTarget(project, req.target(), s -> true, s -> actions.refresh(s, req.expired(), req.expireAt(), req.info()));
    }

    @Override
    public Map<String, Integer> localChannels(String project, String pattern) {
        Predicate<String> filter;
        try {
            filter = pattern == null || pattern.isEmpty() ? ch -> true : Glob.compile(pattern);
        } catch (IllegalArgumentException malformed) {
            return Map.of(); // a peer's request: the node that took the API call has already refused it
        }
        Map<String, Integer> out = new TreeMap<>();
        ctx.hub().channelCounts(k -> ChannelSpace.project(k).equals(project) && filter.test(ChannelSpace.channel(k)))
                .forEach((k, n) -> out.put(ChannelSpace.channel(k), n));
        return out;
    }
}
