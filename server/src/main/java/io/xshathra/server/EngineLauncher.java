package io.xshathra.server;

import io.xshathra.controlplane.ControlPlaneAuthority;
import io.xshathra.controlplane.ProjectServices;
import io.xshathra.controlplane.api.RealtimeApi;
import io.xshathra.controlplane.usage.UsageRecorder;
import io.xshathra.engine.project.LocalOccupancy;
import io.xshathra.engine.project.TenantEvents;
import io.xshathra.controlplane.api.RealtimeApiRoute;
import io.xshathra.controlplane.console.Console;
import io.xshathra.controlplane.console.ConsoleContext;
import io.xshathra.controlplane.console.Deployment;
import io.xshathra.controlplane.security.SetupTokenFile;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.controlplane.webhooks.Webhooks;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.LocalActions;
import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.sharedpoll.ProxyPollBackend;
import io.xshathra.engine.sharedpoll.SharedPolls;
import io.xshathra.engine.client.Commands;
import io.xshathra.engine.client.ProjectAuthority;
import io.xshathra.engine.client.SessionContext;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.Hub;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.tenant.TenantStats;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.MapBroker;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.MemoryMapBroker;
import io.xshathra.engine.cluster.Cluster;
import io.xshathra.engine.cluster.ControlBus;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.redis.RedisControlBus;
import io.xshathra.redis.RedisEngine;
import io.xshathra.redis.RedisEngineOptions;
import io.xshathra.netty.ApiRoute;
import io.xshathra.netty.HealthRoute;
import io.xshathra.netty.HttpRoute;
import io.xshathra.netty.ListenException;
import io.xshathra.netty.NettyServer;
import io.xshathra.netty.ServerLoops;
import io.xshathra.server.warmup.CompilerPriority;
import io.xshathra.server.warmup.StartupWarmup;
import io.xshathra.server.config.LoadedConfig;
import io.xshathra.server.config.ServerSettings;
import java.time.Clock;
import io.xshathra.engine.proxy.HttpProxyTransport;
import io.xshathra.grpc.GrpcProxyTransport;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.proxy.StaticProxyDirectory;
import io.xshathra.engine.proxy.SubscribeStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: creates infrastructure first (scheduler, clock), then the engine, then
 * the network server; closes them in reverse order. SIGTERM drains: every client gets the
 * shutdown disconnect (reconnect advised) and the process waits a bounded time for them.
 */
public final class EngineLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineLauncher.class);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);
    /** Control-plane API requests per second per project (bursts of twice that). */
    private static final double CONTROL_PLANE_RATE = 50;
    /** Where the engine is mounted on the product's single port. */
    public static final String ENGINE_PREFIX = "/realtime";
    /**
     * The system property that makes {@link #run} stop as soon as the server is ready (start-up
     * warm-up included) instead of serving: the launcher's class-data training run, which loads
     * the classes a server uses and then exits, writing the archive ({@code bin/xshathra}).
     */
    public static final String STOP_WHEN_READY_PROPERTY = "xshathra.stopWhenReady";
    /**
     * Enough for every request path's classes and its first compilation; each further round adds
     * compiled code and profiles (about 0.15 MiB of resident memory) for no faster first client.
     */
    private static final int WARMUP_ROUNDS = Integer.getInteger("xshathra.warmup.rounds", 12);
    private static final long WARMUP_BUDGET_MILLIS = 1_500;
    private static final java.time.Duration WARMUP_TOKEN_TTL = java.time.Duration.ofMinutes(5);
    /** Proxy calls in flight at once, node-wide; one more fails at once (the client gets error 100). */
    private static final int PROXY_MAX_IN_FLIGHT = 4096;
    /** Largest proxy reply body accepted. */
    private static final int PROXY_MAX_REPLY_BYTES = 1 << 20;

    private final ScheduledExecutorService scheduler;
    private final Broker broker;
    private final PresenceManager presence;
    private final MapBroker mapBroker;
    private final RedisEngine redis;
    /** The map broker's own Redis ({@code map_broker.redis}); null when it has none. */
    private final RedisEngine mapRedis;
    private final Cluster<NodeInfo> cluster;
    private final Node node;
    private final ApiExecutor apiExecutor;
    private final ControlPlaneStore store;
    private final NettyServer server;
    /** The connections' event loops, which the Redis engine's sockets share. */
    private final ServerLoops loops;
    /** The gRPC API and uni_grpc listeners that are enabled. */
    private final GrpcListeners grpc;
    private final Duration shutdownTimeout;
    /** Calls HTTP proxy backends: the operator's from the configuration and the projects' own. */
    private final HttpProxyTransport proxyHttp;
    /** Calls the operator's gRPC proxy backends (one channel per endpoint, opened on first use). */
    private final GrpcProxyTransport proxyGrpc;
    /** The node's authenticated connections; the project limiter and usage count them. */
    private final SessionRegistry sessions = new SessionRegistry();
    /** The control plane's per-project services: indexes, limits, webhooks, usage. */
    private final ProjectServices projects;

    private EngineLauncher(LoadedConfig cfg, Clock controlPlaneClock,
                           Function<ControlPlaneStore, TenantEvents> tenantEvents) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        // One compiled form of the configuration's namespaces: the default space's, and shared by
        // every project whose namespaces equal them.
        ChannelRules configuredRules = new ChannelRules(cfg.engine().channel());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xshathra-scheduler");
            t.setDaemon(true);
            return t;
        });
        ServerSettings s = cfg.server();
        // Storage before the engine: the engine's project authority reads it.
        try {
            store = ControlPlaneStore.open(DatabaseUrl.resolve(s.dataDir(), s.databaseUrl()),
                    ControlPlaneStore.Options.defaults().withClock(controlPlaneClock)
                            .withProxyTargets(s.projectBackends()).withNamespaces(cfg.namespaces()));
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        // The connections' event loops before the engine: the Redis sockets run on them too.
        int workers = Runtime.getRuntime().availableProcessors();
        loops = ServerLoops.start(workers);
        try {
            mapRedis = s.mapRedis() == null ? null : startRedis(s.mapRedis(), clock);
        } catch (RuntimeException e) {
            store.close();
            scheduler.shutdownNow();
            loops.close();
            throw e;
        }
        if (mapRedis != null) {
            LOG.info("map broker: {}", mapRedis.describe());
        }
        if (s.redis() == null) {
            redis = null;
            broker = new MemoryBroker(clock, scheduler, cfg.engine().channel().memoryStreamLimit());
            presence = new MemoryPresenceManager();
            mapBroker = mapRedis != null ? mapRedis.mapBroker(scheduler, clock, cfg.engine().mapBroker())
                    : new MemoryMapBroker(clock, scheduler, cfg.engine().mapBroker());
        } else {
            try {
                redis = startRedis(s.redis(), clock);
            } catch (RuntimeException e) {
                if (mapRedis != null) {
                    mapRedis.close();
                }
                closeStore();
                scheduler.shutdownNow();
                loops.close();
                throw e;
            }
            LOG.debug("engine: {}", redis.describe());
            redis.stampPublishTimes(cfg.engine().client().tuning().maxTimeLagMillis() > 0);
            broker = redis.broker();
            presence = redis.presence();
            RedisEngine maps = mapRedis != null ? mapRedis : redis;
            mapBroker = "redis".equals(cfg.engine().mapBroker().type())
                    ? maps.mapBroker(scheduler, clock, cfg.engine().mapBroker())
                    : new MemoryMapBroker(clock, scheduler, cfg.engine().mapBroker());
        }
        String nodeId = UUID.randomUUID().toString();
        try {
            // Before the engine: it plugs the projects' services in; they load every project's settings.
            projects = ProjectServices.start(new ProjectServices.Setup(store, s.projectBackends(), s.projectLimits(),
                    cfg.namespaces(), configuredRules, controlPlaneClock, nodeId, sessions,
                    events -> redis == null ? new LocalOccupancy(events, clock) : redis.occupancy(events, clock),
                    tenantEvents));
        } catch (RuntimeException e) {
            for (RedisEngine r : new RedisEngine[] {redis, mapRedis}) {
                if (r != null) {
                    r.close();
                }
            }
            store.close();
            scheduler.shutdownNow();
            loops.close();
            throw e;
        }
        proxyHttp = new HttpProxyTransport(PROXY_MAX_IN_FLIGHT, PROXY_MAX_REPLY_BYTES);
        proxyGrpc = new GrpcProxyTransport(PROXY_MAX_IN_FLIGHT, PROXY_MAX_REPLY_BYTES);
        proxyGrpc.warmUp(cfg.engine().proxies().endpoints());
        Proxies proxies = new Proxies(projects.proxyDirectory(new StaticProxyDirectory(cfg.engine().proxies())),
                List.of(proxyHttp, proxyGrpc),
                new SubscribeStreams(cfg.engine().proxies(), List.of(proxyGrpc.streams())));
        node = assemble(cfg.engine(), clock, new ControlPlaneAuthority(store.directory()), proxies,
                redis == null ? ControlBus.NONE : new RedisControlBus(redis), nodeId, configuredRules);
        // One server API executor for every entry point: HTTP, gRPC, the control plane, the console.
        apiExecutor = new ApiExecutor(node.api());
        cluster = node.cluster();
        cluster.start();
        try {
            LOG.debug("control plane database: {}", store.description());
            projects.follow(node, scheduler);
            // The gRPC listeners before the HTTP port: once health answers, every listener is up.
            grpc = GrpcListeners.start(node, apiExecutor, s.grpc());
        } catch (RuntimeException ex) {
            closeStore();
            closeEngine();
            throw ex;
        }
        // The first-run setup's database work runs after the warm-up, before the port accepts, so
        // that the first clients do not share the CPU with it.
        StartupWarmup warmup = warmup(cfg, clock);
        AtomicReference<FirstRunSetup> setup = new AtomicReference<>();
        try {
            server = NettyServer.start(node, new NettyServer.Options(s.address(), s.port(),
                    s.transports().mount(EngineLauncher::mounted), s.http(), workers),
                    routes(cfg, clock, controlPlaneClock), port -> {
                        warmup.accept(port);
                        setup.set(FirstRunSetup.prepare(store.accounts(), SetupTokenFile.in(s.dataDir())));
                    }, loops);
        } catch (RuntimeException | InterruptedException ex) {
            grpc.close();
            closeStore();
            closeEngine();
            throw ex;
        }
        // NettyServer calls the warm-up callback before accepting, with or without a warm-up listener.
        setup.get().announce(s.address(), server.port());
        shutdownTimeout = cfg.engine().shutdownTimeout();
    }

    /**
     * Wires the engine over the broker and presence manager: the stateless parts first, then the
     * context the sessions use, the command handlers, the node's local actions, the cluster over
     * them, the server API and the node, which finally becomes the broker's delivery target (the
     * broker SPI takes its handler by setter: the handler needs the commands, which need the broker).
     */
    private Node assemble(EngineConfig config, Clock clock, ProjectAuthority authority, Proxies proxies,
                          ControlBus bus, String nodeId, ChannelRules configuredRules) {
        Hub hub = new Hub();
        TokenVerifier connectionTokens = new TokenVerifier(config.client().token(), clock);
        SessionContext ctx = new SessionContext(config, clock, nodeId, Version.number(),
                broker, presence, hub, configuredRules, connectionTokens,
                EngineParts.subscriptionTokens(config, connectionTokens, clock), new EngineMetrics(), authority,
                sessions, proxies, mapBroker, SharedPolls.create(config.sharedPoll(), clock,
                        new ProxyPollBackend(proxies)), projects.tenants());
        LocalActions local = new LocalActions(ctx);
        Cluster<NodeInfo> nodes = new Cluster<>(local, bus, scheduler);
        Node assembled = new Node(new Commands(ctx, EngineParts.otherNodes(nodes)), new TenantStats(hub, sessions),
                nodes, new ServerApi(ctx, local, nodes));
        broker.setEventHandler(assembled);
        mapBroker.setEventHandler(assembled);
        return assembled;
    }

    /**
     * HTTP routes, most specific first: the control-plane API owns {@code /api/realtime/*} and
     * {@code /api/health}; the console owns {@code /}, {@code /login}, {@code /signup}, {@code /logout},
     * {@code /dashboard}, {@code /projects/...} and {@code /console/assets/...}, ahead of the engine's routes.
     */
    private List<HttpRoute> routes(LoadedConfig cfg, Clock clock, Clock controlPlaneClock) {
        ServerSettings s = cfg.server();
        ServerSettings.Endpoints e = s.endpoints();
        ApiExecutor api = apiExecutor;
        int messageLimit = cfg.engine().websocket().messageSizeLimit();
        List<HttpRoute> routes = new ArrayList<>();
        // One minter for the token API and the console, built from the settings the node verifies with.
        TokenMinter minter = new TokenMinter(cfg.engine().client(), node::channelRules, clock);
        if (!minter.available()) {
            LOG.warn("the control plane can not mint tokens: {}", minter.unavailableReason());
        }
        routes.add(new RealtimeApiRoute(new RealtimeApi(api, node::channelRules, minter, messageLimit, projects.limiter()),
                store.directory(), messageLimit, CONTROL_PLANE_RATE, projects.usage(), controlPlaneClock));
        BooleanSupplier healthy = () -> (redis == null || redis.healthy()) && (mapRedis == null || mapRedis.healthy());
        Deployment deployment = new Deployment(Version.number(), engineDescription(),
                store.dialect() == DatabaseUrl.Dialect.SQLITE ? "SQLite" : "PostgreSQL", healthy);
        routes.add(new Console(new ConsoleContext(store.accounts(), store.sessions(), store.projects(), api, node,
                minter, e.websocketDisabled() ? "" : ENGINE_PREFIX + e.websocket(), clock, deployment,
                projects.limitService(), projects.usage(), store.webhooks()),
                s.console().withSetupTokenFile(SetupTokenFile.in(s.dataDir()))));
        if (s.healthEnabled()) {
            routes.add(new HealthRoute(mounted(e.health()), healthy));
        }
        if (s.prometheusEnabled()) {
            routes.add(new MetricsRoute(node, mounted(e.prometheus())));
        }
        if (!e.apiDisabled()) {
            routes.add(new ApiRoute(api, cfg.engine().httpApi(), node.metrics(),
                    List.copyOf(mounted(e.api()))));
        }
        return routes;
    }

    /** The start-up warm-up ({@link StartupWarmup}) over the engine's own endpoints and keys. */
    private StartupWarmup warmup(LoadedConfig cfg, Clock clock) {
        ServerSettings.Endpoints e = cfg.server().endpoints();
        TokenMinter minter = new TokenMinter(cfg.engine().client(), node.channelRules(), clock);
        String channel = "xshathra-warmup-" + Long.toHexString(System.nanoTime());
        String user = "xshathra-warmup";
        String connectToken = "";
        String subToken = "";
        try {
            connectToken = minter.connectionToken(new TokenMinter.ConnectionClaims(user, "", WARMUP_TOKEN_TTL,
                    List.of(), null));
            subToken = minter.subscriptionToken(new TokenMinter.SubscriptionClaims(user, "", channel,
                    WARMUP_TOKEN_TTL, null));
        } catch (TokenMinter.CannotSign | IllegalArgumentException ex) {
            // Connect and subscribe are then refused: the warm-up still drives the upgrade and codecs.
        }
        return new StartupWarmup(new StartupWarmup.Plan(
                cfg.server().healthEnabled() ? ENGINE_PREFIX + e.health() : null,
                e.websocketDisabled() ? null : ENGINE_PREFIX + e.websocket(),
                e.apiDisabled() ? null : ENGINE_PREFIX + e.api(),
                cfg.engine().httpApi().key(), connectToken, subToken, channel, WARMUP_ROUNDS, WARMUP_BUDGET_MILLIS,
                Math.max(0, CompilerPriority.configured())));
    }

    /** An engine path, served both under {@code /realtime} and bare (as Centrifugo serves it). */
    static Set<String> mounted(String path) {
        return new LinkedHashSet<>(List.of(ENGINE_PREFIX + path, path));
    }

    /** Starts the engine and its port. */
    public static EngineLauncher start(LoadedConfig cfg) throws InterruptedException {
        return start(cfg, Clock.systemUTC());
    }

    /**
     * Starts the engine and its port with the control plane on its own clock (key grace periods,
     * console sessions), so tests can move the control plane's time without touching the engine's.
     */
    public static EngineLauncher start(LoadedConfig cfg, Clock controlPlaneClock) throws InterruptedException {
        return start(cfg, controlPlaneClock, null);
    }

    /**
     * Starts the engine and its port with the events of projects' channels going where
     * {@code tenantEvents} says (built over the control plane's storage once it is open); null
     * sends them to the projects' webhooks, as a server does. The engine produces them (occupancy
     * cluster-wide on the Redis engine).
     */
    public static EngineLauncher start(LoadedConfig cfg, Clock controlPlaneClock,
                                       Function<ControlPlaneStore, TenantEvents> tenantEvents)
            throws InterruptedException {
        return new EngineLauncher(cfg, controlPlaneClock, tenantEvents);
    }

    public Node node() {
        return node;
    }

    /** Projects' webhooks: the engine's {@code TenantEvents} of the control plane. */
    public Webhooks webhooks() {
        return projects.webhooks();
    }

    /** The control plane's storage (accounts, projects, keys). */
    public ControlPlaneStore store() {
        return store;
    }

    /** Projects' usage per minute on this node (tests flush it). */
    public UsageRecorder usage() {
        return projects.usage();
    }

    public int port() {
        return server.port();
    }

    /** How publications travel between nodes, for the start-up summary (passwords masked). */
    public String engineDescription() {
        return redis == null ? "memory (this node only; engine.type redis for several nodes)" : redis.describe();
    }

    /** The gRPC API's bound port, or 0 when {@code grpc_api} is off. */
    public int grpcApiPort() {
        return grpc.apiPort();
    }

    /** The uni_grpc transport's bound port, or 0 when {@code uni_grpc} is off. */
    public int uniGrpcPort() {
        return grpc.uniPort();
    }

    /**
     * Runs until the JVM is asked to stop, then drains (or stops once ready, with
     * {@value #STOP_WHEN_READY_PROPERTY}); the process exit code.
     */
    public static int run(LoadedConfig cfg) {
        EngineLauncher launcher;
        try {
            launcher = start(cfg);
        } catch (ListenException e) {
            LOG.error("cannot start: {}{}", e.getMessage(), e.inUse()
                    ? " (another xshathra serve?); stop it, or choose another port with --port N (http_server.port)" : "");
            return 1;
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 1;
        }
        String banner = ReadyBanner.of(cfg, launcher.port(), launcher.engineDescription(),
                launcher.store.description(), launcher.grpcApiPort(), launcher.uniGrpcPort());
        if (Boolean.getBoolean(STOP_WHEN_READY_PROPERTY)) {
            LOG.info(banner);
            launcher.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                launcher.close();
                stopped.countDown();
            }, "xshathra-shutdown"));
        } catch (IllegalStateException e) {
            // Asked to stop (SIGTERM) while it was starting: the JVM is already exiting.
            launcher.close();
            return 0;
        }
        // Ready only once a stop signal is sure to find the hook that drains.
        LOG.info(banner);
        if (CompilerPriority.configured() == CompilerPriority.ONCE_IDLE) {
            // Here, not in start: a process that starts servers (the tests) keeps its compiler's priority.
            CompilerPriority.lowerOnceIdle(launcher.scheduler, CompilerPriority.AUTO_NICE);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    @Override
    public void close() {
        LOG.info("shutting down: disconnecting {} clients", node.numClients());
        server.stopAccepting();
        grpc.stopAccepting();
        node.shutdown();
        long limit = Math.min(shutdownTimeout.toMillis(), DRAIN_LIMIT.toMillis());
        long deadline = System.currentTimeMillis() + limit;
        while (node.numClients() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        grpc.close();
        server.close();
        closeStore();
        closeEngine();
    }

    /** A Redis engine whose sockets run on the connections' event loops. */
    private RedisEngine startRedis(RedisEngineOptions options, Clock clock) {
        return RedisEngine.start(options, clock, loops.workers(), loops.socketChannelType());
    }

    /** The projects' services first: closing them writes the last usage minute and the webhook buffer. */
    private void closeStore() {
        if (projects != null) {
            projects.close();
        }
        store.close();
    }

    private void closeEngine() {
        if (proxyHttp != null) {
            proxyHttp.close();
        }
        if (proxyGrpc != null) {
            proxyGrpc.close();
        }
        cluster.close();
        if (node != null) {
            node.context().sharedPolls().close();
        }
        if (projects != null) {
            projects.tenants().occupancy().close();
        }
        broker.close();
        mapBroker.close();
        if (mapRedis != null) {
            mapRedis.close();
        }
        presence.close();
        if (redis != null) {
            redis.close();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Last: the Redis sockets ran on them until the engine closed.
        loops.close();
    }
}
