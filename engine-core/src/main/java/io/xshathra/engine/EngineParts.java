package io.xshathra.engine;

import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.LocalActions;
import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.MapBroker;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.MemoryMapBroker;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.client.Commands;
import io.xshathra.engine.client.ProjectAuthority;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.client.UserDisconnect;
import io.xshathra.engine.cluster.Cluster;
import io.xshathra.engine.cluster.ControlBus;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.Hub;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.sharedpoll.ProxyPollBackend;
import io.xshathra.engine.sharedpoll.SharedPolls;
import io.xshathra.engine.project.TenantServices;
import io.xshathra.engine.tenant.TenantStats;
import io.xshathra.engine.token.TokenVerifier;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Assembles a {@link Node} from its parts in the one order that works: the stateless parts
 * (hub, registry, rules, verifiers, metrics), the context the sessions use, the command
 * handlers, the node's local actions, the cluster over them, the server API, and the node,
 * which then becomes the broker's delivery target. Defaults: memory broker and presence
 * manager, no other node, no control plane. For tests and benchmarks; the server's
 * composition root wires the same parts by hand.
 */
public final class EngineParts {
    private final EngineConfig config;
    private final Clock clock;
    private Broker broker;
    private PresenceManager presence;
    private MapBroker mapBroker;
    private String version = "test";
    private ProjectAuthority projects = ProjectAuthority.NONE;
    private Proxies proxies = Proxies.NONE;
    private TenantServices tenants = TenantServices.NONE;
    private ControlBus bus = ControlBus.NONE;
    private ScheduledExecutorService scheduler;

    private EngineParts(EngineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A node on a memory broker and presence manager, alone, without a control plane. */
    public static Node memory(EngineConfig config, Clock clock) {
        return builder(config, clock).build();
    }

    /** Starts from the defaults; every setter replaces one part. */
    public static EngineParts builder(EngineConfig config, Clock clock) {
        return new EngineParts(config, clock);
    }

    public EngineParts broker(Broker broker) {
        this.broker = broker;
        return this;
    }

    /** The map subscription broker; a {@link MemoryMapBroker} without a sweep when not set. */
    public EngineParts mapBroker(MapBroker mapBroker) {
        this.mapBroker = mapBroker;
        return this;
    }

    public EngineParts presence(PresenceManager presence) {
        this.presence = presence;
        return this;
    }

    /** The server version the node reports. */
    public EngineParts version(String version) {
        this.version = version;
        return this;
    }

    public EngineParts projects(ProjectAuthority projects) {
        this.projects = projects;
        return this;
    }

    /** The backends sessions call (none by default). */
    public EngineParts proxies(Proxies proxies) {
        this.proxies = proxies;
        return this;
    }

    /** What the control plane plugs in for projects (tenant events); none by default. */
    public EngineParts tenants(TenantServices tenants) {
        this.tenants = tenants;
        return this;
    }

    /** Joins the nodes on {@code bus}; the caller starts {@link Node#cluster()} and closes it. */
    public EngineParts controlBus(ControlBus bus, ScheduledExecutorService scheduler) {
        this.bus = bus;
        this.scheduler = scheduler;
        return this;
    }

    /** Builds the node and makes it the broker's delivery target. */
    public Node build() {
        Broker b = broker != null ? broker : new MemoryBroker(clock, null);
        PresenceManager p = presence != null ? presence : new MemoryPresenceManager();
        MapBroker m = mapBroker != null ? mapBroker : new MemoryMapBroker(clock, null, config.mapBroker());
        Hub hub = new Hub();
        SessionRegistry sessions = new SessionRegistry();
        TokenVerifier connectionTokens = new TokenVerifier(config.client().token(), clock);
        SessionContext ctx = new SessionContext(config, clock, UUID.randomUUID().toString(), version, b, p, hub,
                new ChannelRules(config.channel()), connectionTokens,
                subscriptionTokens(config, connectionTokens, clock), new EngineMetrics(), projects, sessions,
                proxies, m, SharedPolls.create(config.sharedPoll(), clock, new ProxyPollBackend(proxies)), tenants);
        LocalActions local = new LocalActions(ctx);
        Cluster<NodeInfo> cluster = new Cluster<>(local, bus, scheduler);
        Commands commands = new Commands(ctx, otherNodes(cluster));
        Node node = new Node(commands, new TenantStats(hub, sessions), cluster, new ServerApi(ctx, local, cluster));
        b.setEventHandler(node);
        m.setEventHandler(node);
        return node;
    }

    /** Reaches a user's connections on the other nodes through the cluster's {@code disconnect}. */
    public static UserDisconnect otherNodes(Cluster<NodeInfo> cluster) {
        return (project, user, keep, d) -> cluster.fanOut(ApiRequests.Disconnect.METHOD, project,
                new ApiRequests.Disconnect(new ApiRequests.Target(user, null, null), List.of(keep), d.code(),
                        d.reason()));
    }

    /**
     * The subscription token verifier: without a separate subscription token configuration both
     * kinds share one verifier (and one JWKS cache).
     */
    public static TokenVerifier subscriptionTokens(EngineConfig config, TokenVerifier connectionTokens, Clock clock) {
        return config.client().subscriptionToken().equals(config.client().token())
                ? connectionTokens : new TokenVerifier(config.client().subscriptionToken(), clock);
    }
}
