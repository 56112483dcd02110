package io.xshathra.engine;

import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.Commands;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.client.Transport;
import io.xshathra.engine.cluster.Cluster;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.Hub;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.project.TenantUsage;
import io.xshathra.engine.tenant.TenantStats;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One engine node as its host sees it: opens sessions for transports, receives the broker's
 * deliveries (hub fan-out, counters), serves the server API ({@link #api()}) and the node-wide
 * operations (shutdown, closing a project's connections). It creates nothing: the composition
 * root (or {@link EngineParts} in tests) builds every collaborator and passes them in, and the
 * engine's own classes receive their collaborators the same way, never the node.
 * Thread-safe; session state is only touched on each session's event loop.
 */
public final class Node implements BrokerEventHandler {
    private final SessionContext ctx;
    private final Commands commands;
    private final TenantStats tenants;
    private final Cluster<NodeInfo> cluster;
    private final ServerApi api;
    // the delivery path reads these directly, as it read its own fields before
    private final Hub hub;
    private final EngineMetrics metrics;
    private final TenantUsage usage;

    /**
     * @param commands the command handlers, over the node's {@link SessionContext}
     * @param tenants  per-project figures, fed by this node's deliveries
     * @param cluster  this node's view of its cluster (itself alone with {@code ControlBus.NONE})
     * @param api      the server API of the default channel space, over the same context and cluster
     */
    public Node(Commands commands, TenantStats tenants, Cluster<NodeInfo> cluster, ServerApi api) {
        this.ctx = commands.context();
        this.commands = commands;
        this.tenants = tenants;
        this.cluster = cluster;
        this.api = api;
        this.hub = ctx.hub();
        this.metrics = ctx.metrics();
        this.usage = ctx.tenants().usage();
    }

    /** A new connection; the session closes itself with 3502 if it does not connect in time. */
    public ClientSession newSession(Transport transport) {
        return commands.newSession(transport);
    }

    /** The server API of the default channel space. */
    public ServerApi api() {
        return api;
    }

    /** The collaborators this node's sessions and commands use. */
    public SessionContext context() {
        return ctx;
    }

    /** The cluster this node belongs to (itself alone by default). */
    public Cluster<NodeInfo> cluster() {
        return cluster;
    }

    /** This node's authenticated sessions. */
    public SessionRegistry sessions() {
        return ctx.sessions();
    }

    /** Projects with at least one connection on this node. */
    public Set<String> connectedProjects() {
        return ctx.sessions().connectedProjects();
    }

    /** Closes every connection of a project (for example when it is deleted). */
    public void disconnectProject(String projectId, Disconnect d) {
        ctx.sessions().disconnectProject(projectId, d);
    }

    public EngineConfig config() {
        return ctx.config();
    }

    public Broker broker() {
        return ctx.broker();
    }

    public PresenceManager presence() {
        return ctx.presence();
    }

    public Clock clock() {
        return ctx.clock();
    }

    public Hub hub() {
        return hub;
    }

    /** The default space's channel rules (the configuration's namespaces). */
    public ChannelRules channelRules() {
        return ctx.channelRules();
    }

    /** The rules a project's channels resolve with ("" = the default space); see {@link SessionContext#channelRules(String)}. */
    public ChannelRules channelRules(String projectId) {
        return ctx.channelRules(projectId);
    }

    public TokenVerifier connectionTokens() {
        return ctx.connectionTokens();
    }

    public TokenVerifier subscriptionTokens() {
        return ctx.subscriptionTokens();
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    /** Server version reported in connect replies and {@code info}. */
    public String version() {
        return ctx.version();
    }

    public String id() {
        return ctx.nodeId();
    }

    /** Publishes with the namespace's history settings (delta when the namespace has {@code delta_publish}). */
    public CompletionStage<PublishResult> publish(String channel, Publication pub, ChannelOptions o,
                                                  String idempotencyKey) {
        return ctx.publish(channel, pub, o, idempotencyKey, false);
    }

    /** Publishes with the namespace's history settings; {@code delta} as {@link SessionContext#publish}. */
    public CompletionStage<PublishResult> publish(String channel, Publication pub, ChannelOptions o,
                                                  String idempotencyKey, boolean delta) {
        return ctx.publish(channel, pub, o, idempotencyKey, delta);
    }

    /** Connections of one user of one project on this node ("" = the default space). */
    public int userConnectionCount(String projectId, String user) {
        return ctx.sessions().userConnectionCount(projectId, user);
    }

    /** Connected sessions of a user ("" = anonymous) in one project ("" = the default space). */
    public Collection<ClientSession> sessionsOf(String projectId, String user) {
        return ctx.sessions().sessionsOf(projectId, user);
    }

    public ClientSession session(String clientId) {
        return ctx.sessions().session(clientId);
    }

    public int numClients() {
        return ctx.sessions().numClients();
    }

    /** Distinct users connected to this node, a user of each project counted apart. */
    public int numUsers() {
        return ctx.sessions().numUsers();
    }

    /** Asks every connection to close with the shutdown code (reconnect advised). */
    public void shutdown() {
        ctx.sessions().forEachOnLoop(s -> s.disconnect(Disconnect.SHUTDOWN));
    }

    /** Live figures of one project ("" = the default space). */
    public TenantStats.ProjectStats projectStats(String projectId) {
        return tenants.projectStats(projectId);
    }

    // ------------------------------------------------------------ broker deliveries

    @Override
    public void handlePublication(String channel, Publication publication, StreamPosition position,
                                  Publication previous) {
        metrics.publication();
        tenants.publication(channel);
        usage.delivered(channel, hub.broadcastPublication(channel, publication, position, previous));
    }

    /**
     * A stamped publication: when it arrives later than {@code client.channel_position_max_time_lag}
     * after it was published, positioned subscribers are told their state is insufficient
     * instead of receiving it (others receive it as usual).
     */
    @Override
    public void handlePublication(String channel, Publication publication, StreamPosition position,
                                  Publication previous, long publishedAt) {
        long maxLag = publishedAt > 0 ? ctx.config().client().tuning().maxTimeLagMillis() : 0;
        if (maxLag <= 0 || ctx.clock().millis() - publishedAt <= maxLag) {
            handlePublication(channel, publication, position, previous);
            return;
        }
        metrics.publication();
        tenants.publication(channel);
        usage.delivered(channel, hub.broadcastLaggedPublication(channel, publication, position, previous));
    }

    @Override
    public void handleJoin(String channel, ClientInfo info) {
        hub.broadcastJoin(channel, info);
    }

    @Override
    public void handleLeave(String channel, ClientInfo info) {
        hub.broadcastLeave(channel, info);
    }

    /** Every positioned subscription of every connection checks its position now. */
    @Override
    public void handleInterruption() {
        ctx.sessions().forEachOnLoop(commands::checkPositionsNow);
    }
}
