package io.xshathra.controlplane;

import io.xshathra.controlplane.limits.LimitSettings;
import io.xshathra.controlplane.limits.ProjectLimitIndex;
import io.xshathra.controlplane.limits.ProjectLimitService;
import io.xshathra.controlplane.limits.ProjectLimiter;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.usage.UsageCounters;
import io.xshathra.controlplane.usage.UsageRecorder;
import io.xshathra.controlplane.webhooks.WebhookSettings;
import io.xshathra.controlplane.webhooks.Webhooks;
import io.xshathra.engine.Node;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.client.SessionRegistry;
import io.xshathra.engine.project.ChannelOccupancy;
import io.xshathra.engine.project.TenantEvents;
import io.xshathra.engine.project.TenantServices;
import io.xshathra.engine.proxy.ProxyDirectory;
import io.xshathra.protocol.Disconnect;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's per-project services for one server process: the in-memory indexes of
 * projects' backends, namespaces, limits and webhook endpoints with the one
 * {@link ProjectIndexLoader} that loads and follows them, the {@link ProjectLimiter}, projects'
 * {@link Webhooks} (the engine's tenant events) and usage over time ({@link UsageRecorder}).
 *
 * <p>Lifecycle, driven by the composition root: {@link #start} before the engine exists (loads
 * every index, blocking, and starts webhook delivery); {@link #follow} once the node exists (the
 * cluster's figures to the limiter every second, usage samples every {@link UsageRecorder#TICK_MS},
 * deleted projects' connections closed); {@link #close} after the engine has drained and before
 * the store closes (writes the last usage minute, then the buffered webhook events). The channel
 * occupancy in {@link #tenants()} belongs to the engine's side and is closed with it.
 */
public final class ProjectServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectServices.class);
    /** How often the limiter takes the cluster's figures, in seconds. */
    private static final long OBSERVE_SECONDS = 1;
    /** How often connected projects are checked for having been deleted elsewhere, in seconds. */
    private static final long SWEEP_SECONDS = 30;

    /**
     * What the services are built from.
     *
     * @param store      the control plane's storage, open
     * @param targets    which hosts projects' backends and webhook endpoints may be on
     * @param limits     the default limits of every project
     * @param compiler   checks and compiles projects' namespaces (the configuration's readers)
     * @param configured the configuration's compiled namespaces, shared by projects that keep them
     * @param clock      the control plane's clock (usage minutes, webhook timestamps)
     * @param nodeId     this node's id, which owns its usage rows
     * @param sessions   the node's session registry, whose counts the limiter and usage read
     * @param occupancy  the channel occupancy over given tenant events (this node's own, or
     *                   cluster-wide); not used when there are no tenant events
     * @param events     where projects' channel events go, built over the store; null for the
     *                   projects' webhooks, as a server does
     */
    public record Setup(ControlPlaneStore store, ProxyTargets targets, LimitSettings limits, NamespaceCompiler compiler,
                        ChannelRules configured, Clock clock, String nodeId, SessionRegistry sessions,
                        Function<TenantEvents, ChannelOccupancy> occupancy,
                        Function<ControlPlaneStore, TenantEvents> events) {
    }

    private final ControlPlaneStore store;
    /** Whether projects' backends must be on public networks. */
    private final boolean publicOnly;
    private final ProjectBackendIndex backends;
    private final ProjectLimiter limiter;
    private final Webhooks webhooks;
    private final UsageRecorder usage;
    private final TenantServices tenants;

    private ProjectServices(Setup setup, ProjectBackendIndex backends, ProjectLimiter limiter, Webhooks webhooks,
                            UsageCounters counters, TenantServices tenants) {
        this.store = setup.store();
        this.publicOnly = !setup.targets().allowsPrivateNetworks();
        this.backends = backends;
        this.limiter = limiter;
        this.webhooks = webhooks;
        // The recorder keeps these for later: refuse a missing one now rather than at the first write.
        this.usage = new UsageRecorder(Objects.requireNonNull(setup.nodeId(), "nodeId"), counters,
                setup.sessions()::projectConnectionCounts, store.usage(), Objects.requireNonNull(setup.clock(), "clock"));
        this.tenants = tenants;
    }

    /**
     * Loads every project's backends, namespaces, limits and webhook endpoints (blocking), follows
     * the change feed for all of them, and starts webhook delivery.
     *
     * @throws io.xshathra.controlplane.StorageException when the database cannot be read; nothing is left running
     */
    public static ProjectServices start(Setup setup) {
        ControlPlaneStore store = setup.store();
        UsageCounters counters = new UsageCounters();
        ProjectBackendIndex backends = ProjectBackendIndex.create(store.projects().proxies());
        ProjectLimitIndex limits = ProjectLimitIndex.create(store.limits(), setup.limits());
        ProjectNamespaceIndex namespaces = ProjectNamespaceIndex.create(store.projects().namespaces(),
                setup.compiler(), setup.configured());
        Webhooks webhooks = Webhooks.start(store.webhooks(), setup.targets(), counters::webhookDelivered,
                WebhookSettings.defaults().withClock(setup.clock()));
        try {
            // One subscription to the change feed loads and follows every per-project index.
            ProjectIndexLoader.start(store.events(), backends, namespaces, limits, webhooks.endpoints());
            ProjectLimiter limiter = new ProjectLimiter(limits, setup.sessions(), System::nanoTime);
            TenantEvents events = setup.events() == null ? webhooks : setup.events().apply(store);
            // Nothing is tracked per channel when no one wants the events.
            TenantServices tenants = (events == TenantEvents.NONE ? TenantServices.NONE
                    : TenantServices.NONE.withEvents(events).withOccupancy(setup.occupancy().apply(events)))
                    .withLimits(limiter).withUsage(counters).withNamespaces(namespaces);
            return new ProjectServices(setup, backends, limiter, webhooks, counters, tenants);
        } catch (RuntimeException e) {
            webhooks.close();
            throw e;
        }
    }

    /**
     * Starts following the node: the cluster's figures go to the limiter every second, usage is
     * sampled every {@link UsageRecorder#TICK_MS}, and a deleted project's connections are closed
     * (at once for a deletion here, through the change feed for one elsewhere, and in any case
     * at the next sweep).
     */
    public void follow(Node node, ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(() -> observeCluster(node), OBSERVE_SECONDS, OBSERVE_SECONDS, TimeUnit.SECONDS);
        store.events().onDeleted(id -> node.disconnectProject(id, Disconnect.FORCE_NO_RECONNECT));
        store.events().onChanged(id -> closeIfDeleted(node, id));
        scheduler.scheduleWithFixedDelay(() -> closeDeletedProjects(node), SWEEP_SECONDS, SWEEP_SECONDS,
                TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(usage::tick, UsageRecorder.TICK_MS, UsageRecorder.TICK_MS,
                TimeUnit.MILLISECONDS);
    }

    /** What the engine plugs in per project: tenant events and occupancy, limits, usage, namespaces. */
    public TenantServices tenants() {
        return tenants;
    }

    /** The operator's proxy directory with each project's own backends in front of it. */
    public ProxyDirectory proxyDirectory(ProxyDirectory operator) {
        return new ProjectProxyDirectory(operator, backends, publicOnly);
    }

    /** Projects' limits as the engine and the tenant API enforce them. */
    public ProjectLimiter limiter() {
        return limiter;
    }

    /** Projects' limits for the console's Limits page. */
    public ProjectLimitService limitService() {
        return new ProjectLimitService(store.limits(), limiter);
    }

    /** Projects' usage per minute on this node. */
    public UsageRecorder usage() {
        return usage;
    }

    /** Projects' webhooks: the control plane's tenant events and their delivery. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Hands the cluster's figures to the project limiter (its cluster-wide counts and node share). */
    private void observeCluster(Node node) {
        try {
            limiter.observe(node.cluster().nodes());
        } catch (RuntimeException e) {
            // Keep the schedule: a failed pass leaves the previous figures in place.
            LOG.warn("project limits: cannot read the cluster's figures: {}", e.toString());
        }
    }

    /**
     * Deletes made by another process (the CLI, another node) close this node's connections too:
     * within about a second through the key change feed, and in any case at the next sweep.
     */
    private void closeDeletedProjects(Node node) {
        for (String projectId : node.connectedProjects()) {
            closeIfDeleted(node, projectId);
        }
    }

    private void closeIfDeleted(Node node, String projectId) {
        store.directory().find(projectId).thenAccept(p -> {
            if (p.isEmpty() && node.connectedProjects().contains(projectId)) {
                LOG.info("project {} was deleted: closing its connections", projectId);
                node.disconnectProject(projectId, Disconnect.FORCE_NO_RECONNECT);
            }
        });
    }

    /**
     * Writes the current usage minute, then the buffered webhook events to the outbox, and stops
     * delivering; call it after the engine has drained and before the store closes.
     */
    @Override
    public void close() {
        usage.close();
        webhooks.close();
    }
}
