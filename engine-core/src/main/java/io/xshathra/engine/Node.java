package io.xshathra.engine;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.Commands;
import io.xshathra.engine.client.ProjectAuthority;
import io.xshathra.engine.client.Transport;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.Hub;
import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One engine node: owns the registry of connected sessions and wires the hub, broker, presence
 * manager, channel rules and token verifiers together. Everything here is thread-safe; session
 * state itself is only touched on each session's event loop.
 */
public final class Node implements BrokerEventHandler {
    private final EngineConfig config;
    private final Broker broker;
    private final PresenceManager presence;
    private final Clock clock;
    private final String version;
    private final String id = UUID.randomUUID().toString();
    private final long startedAt;
    private final Hub hub = new Hub();
    private final ChannelRules channelRules;
    private final TokenVerifier connectionTokens;
    private final TokenVerifier subscriptionTokens;
    private final Commands commands;
    private final EngineMetrics metrics = new EngineMetrics();
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    /**
     * Connected sessions by project and user: the same user id in two projects is two users (the
     * connection limit and API targets never cross projects). Bounded by the sessions themselves.
     */
    private final Map<UserKey, Set<ClientSession>> users = new ConcurrentHashMap<>();
    private volatile ProjectAuthority projects = ProjectAuthority.NONE;
    private volatile io.xshathra.engine.cluster.Cluster cluster =
            new io.xshathra.engine.cluster.Cluster(this, io.xshathra.engine.cluster.ControlBus.NONE, null);
    private final Map<String, java.util.concurrent.atomic.LongAdder> projectPublications = new ConcurrentHashMap<>();

    public Node(EngineConfig config, Broker broker, PresenceManager presence, Clock clock, String version) {
        this.config = config;
        this.broker = broker;
        this.presence = presence;
        this.clock = clock;
        this.version = version;
        this.startedAt = clock.millis();
        this.channelRules = new ChannelRules(config.channel());
        this.connectionTokens = new TokenVerifier(config.client().token(), clock);
        // Without a separate subscription token config both share one verifier (and one JWKS cache).
        this.subscriptionTokens = config.client().subscriptionToken().equals(config.client().token())
                ? connectionTokens : new TokenVerifier(config.client().subscriptionToken(), clock);
        this.commands = new Commands(this);
        broker.setEventHandler(this);
    }

    /** A new connection; the session closes itself with 3502 if it does not connect in time. */
    public ClientSession newSession(Transport transport) {
        return new ClientSession(this, transport);
    }

    /** Sets who answers for projects (client keys, deleted projects); set once, before serving. */
    public void setProjectAuthority(ProjectAuthority authority) {
        this.projects = authority;
    }

    /** Sets this node's view of its cluster (node registry, fan-out); set once, before serving. */
    public void setCluster(io.xshathra.engine.cluster.Cluster cluster) {
        this.cluster = cluster;
    }

    /** The cluster this node belongs to (itself alone by default). */
    public io.xshathra.engine.cluster.Cluster cluster() {
        return cluster;
    }

    public ProjectAuthority projects() {
        return projects;
    }

    /** Projects with at least one connection on this node. */
    public Set<String> connectedProjects() {
        Set<String> out = new java.util.HashSet<>();
        for (ClientSession s : sessions.values()) {
            if (!s.projectId().isEmpty()) {
                out.add(s.projectId());
            }
        }
        return out;
    }

    /** Closes every connection of a project (for example when it is deleted). */
    public void disconnectProject(String projectId, Disconnect d) {
        for (ClientSession s : List.copyOf(sessions.values())) {
            if (s.projectId().equals(projectId)) {
                s.execute(() -> s.disconnect(d));
            }
        }
    }

    public EngineConfig config() {
        return config;
    }

    public Broker broker() {
        return broker;
    }

    public PresenceManager presence() {
        return presence;
    }

    public Clock clock() {
        return clock;
    }

    public Hub hub() {
        return hub;
    }

    public ChannelRules channelRules() {
        return channelRules;
    }

    public TokenVerifier connectionTokens() {
        return connectionTokens;
    }

    public TokenVerifier subscriptionTokens() {
        return subscriptionTokens;
    }

    public Commands commands() {
        return commands;
    }

    public EngineMetrics metrics() {
        return metrics;
    }

    /** Server version reported in connect replies and {@code info}. */
    public String version() {
        return version;
    }

    public String id() {
        return id;
    }

    public Duration uptime() {
        return Duration.ofMillis(clock.millis() - startedAt);
    }

    /** Stream metadata TTL of a namespace (its own, or the global default). */
    public Duration metaTtl(ChannelOptions o) {
        Duration d = o.historyMetaTtl();
        return d == null || d.isZero() ? config.channel().historyMetaTtl() : d;
    }

    /** Publishes with the namespace's history settings (delta when the namespace has {@code delta_publish}). */
    public CompletionStage<PublishResult> publish(String channel, Publication pub, ChannelOptions o,
                                                  String idempotencyKey) {
        return publish(channel, pub, o, idempotencyKey, false);
    }

    /**
     * Publishes with the namespace's history settings; with {@code delta} (or the namespace's
     * {@code delta_publish}) delta subscribers get a fossil patch against the previous
     * publication of the stream (channels with history only, as in the reference).
     */
    public CompletionStage<PublishResult> publish(String channel, Publication pub, ChannelOptions o,
                                                  String idempotencyKey, boolean delta) {
        boolean useDelta = delta || o.deltaPublish();
        PublishOptions opts = o.historyEnabled()
                ? new PublishOptions(o.historySize(), o.historyTtl(), metaTtl(o), idempotencyKey, useDelta)
                : new PublishOptions(0, Duration.ZERO, Duration.ZERO, idempotencyKey, useDelta);
        return broker.publish(channel, pub, opts);
    }

    // ------------------------------------------------------------ registry

    /** A user within a project's space ("" = the default space). */
    private record UserKey(String projectId, String user) {
    }

    /** Called by the connect command once a session is authenticated. */
    public void register(ClientSession s) {
        sessions.put(s.id(), s);
        users.computeIfAbsent(new UserKey(s.projectId(), s.user()), u -> ConcurrentHashMap.newKeySet()).add(s);
        metrics.connected();
    }

    /** Called when an authenticated session closes. */
    public void unregister(ClientSession s) {
        sessions.remove(s.id(), s);
        users.computeIfPresent(new UserKey(s.projectId(), s.user()), (u, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Connections of one user of one project on this node ("" = the default space). */
    public int userConnectionCount(String projectId, String user) {
        Set<ClientSession> set = users.get(new UserKey(projectId, user));
        return set == null ? 0 : set.size();
    }

    /** Connected sessions of a user ("" = anonymous) in one project ("" = the default space). */
    public Collection<ClientSession> sessionsOf(String projectId, String user) {
        Set<ClientSession> set = users.get(new UserKey(projectId, user));
        return set == null ? List.of() : List.copyOf(set);
    }

    public ClientSession session(String clientId) {
        return sessions.get(clientId);
    }

    public int numClients() {
        return sessions.size();
    }

    /** Distinct users connected to this node, a user of each project counted apart. */
    public int numUsers() {
        return users.size();
    }

    /** Asks every connection to close with the shutdown code (reconnect advised). */
    public void shutdown() {
        for (ClientSession s : List.copyOf(sessions.values())) {
            s.execute(() -> s.disconnect(Disconnect.SHUTDOWN));
        }
    }

    // ------------------------------------------------------------ broker deliveries

    /**
     * Live figures of one project's space on this node.
     *
     * @param connections  connected clients of the project
     * @param users        distinct users among them
     * @param channels     channels with at least one local subscriber
     * @param publications publications delivered through this node since start
     */
    public record ProjectStats(int connections, int users, int channels, long publications) {
    }

    /** Live figures of one project ("" = the default space). */
    public ProjectStats projectStats(String projectId) {
        int connections = 0;
        Set<String> projectUsers = new java.util.HashSet<>();
        for (ClientSession s : sessions.values()) {
            if (s.projectId().equals(projectId)) {
                connections++;
                projectUsers.add(s.user());
            }
        }
        int channels = hub.channelCounts(k -> io.xshathra.engine.channel.ChannelSpace.project(k).equals(projectId)).size();
        java.util.concurrent.atomic.LongAdder pubs = projectPublications.get(projectId);
        return new ProjectStats(connections, projectUsers.size(), channels, pubs == null ? 0 : pubs.sum());
    }

    @Override
    public void handlePublication(String channel, Publication publication, StreamPosition position,
                                  Publication previous) {
        metrics.publication();
        projectPublications.computeIfAbsent(io.xshathra.engine.channel.ChannelSpace.project(channel),
                p -> new java.util.concurrent.atomic.LongAdder()).increment();
        hub.broadcastPublication(channel, publication, position, previous);
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
        for (ClientSession s : List.copyOf(sessions.values())) {
            s.execute(() -> commands.checkPositionsNow(s));
        }
    }
}
