package io.xshathra.engine.client;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.MapBroker;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.hub.Hub;
import io.xshathra.engine.metrics.EngineMetrics;
import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.proxy.Proxies;
import io.xshathra.engine.project.TenantServices;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The collaborators that client sessions, their commands and the server API's per-connection
 * actions use, built once by the composition root. Immutable; every part is thread-safe.
 *
 * @param config             the engine's configuration
 * @param clock              the engine's clock (token expiry, position checks)
 * @param nodeId             this node's id, as connect results and {@code info} report it
 * @param version            server version reported in connect replies
 * @param broker             publications, history and subscriptions to streams
 * @param presence           who is in a channel
 * @param hub                local subscribers by channel
 * @param channelRules       the configuration's namespaces compiled once (the default space's;
 *                           a project's come from {@link #channelRules(String)})
 * @param connectionTokens   verifies connection tokens
 * @param subscriptionTokens verifies subscription tokens (the same verifier when configured alike)
 * @param metrics            the engine's counters
 * @param projects           who answers for projects (client keys, deleted projects)
 * @param sessions           this node's authenticated sessions
 * @param proxies            the backends commands call ({@link Proxies#NONE} when none is configured)
 * @param mapBroker          keyed state of map subscriptions
 * @param sharedPolls        the node's shared-poll channels (idle unless a namespace is shared_poll)
 * @param tenants            what the control plane plugs in for projects ({@link TenantServices#NONE} without)
 */
public record SessionContext(EngineConfig config, Clock clock, String nodeId, String version, Broker broker,
                             PresenceManager presence, Hub hub, ChannelRules channelRules,
                             TokenVerifier connectionTokens, TokenVerifier subscriptionTokens,
                             EngineMetrics metrics, ProjectAuthority projects, SessionRegistry sessions,
                             Proxies proxies, MapBroker mapBroker,
                             io.xshathra.engine.sharedpoll.SharedPolls sharedPolls, TenantServices tenants) {

    /** A context without project services. */
    public SessionContext(EngineConfig config, Clock clock, String nodeId, String version, Broker broker,
                          PresenceManager presence, Hub hub, ChannelRules channelRules,
                          TokenVerifier connectionTokens, TokenVerifier subscriptionTokens,
                          EngineMetrics metrics, ProjectAuthority projects, SessionRegistry sessions,
                          Proxies proxies, MapBroker mapBroker, io.xshathra.engine.sharedpoll.SharedPolls sharedPolls) {
        this(config, clock, nodeId, version, broker, presence, hub, channelRules, connectionTokens,
                subscriptionTokens, metrics, projects, sessions, proxies, mapBroker, sharedPolls, TenantServices.NONE);
    }

    /** A context whose shared-poll channels poll through {@code proxies}. */
    public SessionContext(EngineConfig config, Clock clock, String nodeId, String version, Broker broker,
                          PresenceManager presence, Hub hub, ChannelRules channelRules,
                          TokenVerifier connectionTokens, TokenVerifier subscriptionTokens,
                          EngineMetrics metrics, ProjectAuthority projects, SessionRegistry sessions,
                          Proxies proxies, MapBroker mapBroker) {
        this(config, clock, nodeId, version, broker, presence, hub, channelRules, connectionTokens,
                subscriptionTokens, metrics, projects, sessions, proxies, mapBroker,
                io.xshathra.engine.sharedpoll.SharedPolls.create(config.sharedPoll(), clock,
                        new io.xshathra.engine.sharedpoll.ProxyPollBackend(proxies)));
    }

    /** This context with other project services. */
    public SessionContext withTenants(TenantServices services) {
        return new SessionContext(config, clock, nodeId, version, broker, presence, hub, channelRules, connectionTokens,
                subscriptionTokens, metrics, projects, sessions, proxies, mapBroker, sharedPolls, services);
    }

    /**
     * The rules channels of a project resolve with: the project's own namespaces when it has
     * them, else the configuration's. The one place every channel lookup goes through, so that
     * no project ever resolves a channel with another project's namespaces. One map lookup.
     *
     * @param projectId the project ("" = the default space)
     */
    public ChannelRules channelRules(String projectId) {
        if (projectId.isEmpty()) {
            return channelRules;
        }
        ChannelRules own = tenants.namespaces().rules(projectId);
        return own != null ? own : channelRules;
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
        tenants.usage().published(channel);
        return broker.publish(channel, pub, opts);
    }
}
