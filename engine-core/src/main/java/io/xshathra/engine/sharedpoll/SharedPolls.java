package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.config.SharedPollOptions;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared-poll subscriptions of one node (Centrifugo v6.9.1): per channel, the union of the
 * keys its connections track, polled from the namespace's backend on a timer and at once for keys
 * new to the node, and the fan-out of each change to every connection tracking the key. Nothing
 * is coordinated between nodes: each node polls for its own connections. A channel's poll state
 * exists from the first track until {@code channel_shutdown_delay} after its last key went.
 *
 * <p>Thread-safe. Lock order: this registry, then a channel's poller; listeners are called with
 * the poller's lock held and must only hand the call over to their own thread.
 */
public final class SharedPolls {

    /**
     * One connection's subscription to a shared-poll channel, as the poller sees it. Calls come
     * from any thread, with the channel's lock held: implementations hand them over to the
     * connection's event loop and apply the per-connection version rule there.
     */
    public interface Listener {
        /**
         * {@code key} changed to {@code data} at {@code version}; {@code epoch} is set by API
         * publishes only; {@code patch} is a delta for connections that negotiated one, or null.
         */
        void publication(String key, long version, byte[] data, String epoch, Patch patch);

        /** The backend removed {@code key}: the connection no longer tracks it. */
        void removed(String key);

        /** A versioned channel's epoch changed: the subscription must start over (unsubscribe 2500). */
        void epochChanged();
    }

    /**
     * A shared-poll channel.
     *
     * @param key       the engine key (the channel in its project space)
     * @param projectId the project space ("" = the default space)
     * @param channel   the channel as clients and the backend name it
     * @param options   the namespace's options, frozen for the life of the channel's poll state
     */
    public record ChannelRef(String key, String projectId, String channel, SharedPollOptions options) {
    }

    /** A tracked key and the version the connection holds (0 = none). */
    public record KeyVersion(String key, long version) {
    }

    final Clock clock;
    final PollBackend backend;
    final PollScheduler scheduler;
    final CallLimiter limiter;
    private final TrackSignatures signatures;
    /** The epoch versionless subscribers get before their channel has poll state on this node. */
    private final String nodeEpoch = randomEpoch();
    private final Map<String, ChannelPoller> channels = new HashMap<>();
    private boolean closed;

    public SharedPolls(SharedPollConfig config, Clock clock, PollBackend backend, PollScheduler scheduler) {
        this.clock = clock;
        this.backend = backend;
        this.scheduler = scheduler;
        this.limiter = new CallLimiter(config.effectiveConcurrencyLimit());
        this.signatures = new TrackSignatures(config);
    }

    /**
     * A registry whose timers run on one daemon thread, started on the first timer only (a node
     * without shared-poll channels never starts it).
     */
    public static SharedPolls create(SharedPollConfig config, Clock clock, PollBackend backend) {
        return new SharedPolls(config, clock, backend, new LazyScheduler());
    }

    /** Checks track signatures with the node's keys. */
    public TrackSignatures signatures() {
        return signatures;
    }

    /**
     * The epoch a subscribe result carries: the channel's own when it has poll state here; else
     * the node's for versionless channels and {@code ""} for versioned ones (their epoch comes from
     * the backend).
     */
    public String epoch(String channelKey, SharedPollOptions options) {
        ChannelPoller p;
        synchronized (this) {
            p = channels.get(channelKey);
        }
        if (p != null) {
            String e = p.epoch();
            if (e != null) {
                return e;
            }
        }
        return options.mode() == SharedPollOptions.Mode.VERSIONED ? "" : nodeEpoch;
    }

    /**
     * {@code listener} tracks {@code items} of {@code ref}: it joins each key's fan-out, and keys
     * new to the node (or that it is behind on) are polled at once, the others at the next timer
     * poll. Call it after the track reply was written, so no push comes before it.
     */
    public void track(ChannelRef ref, Listener listener, List<KeyVersion> items) {
        if (items.isEmpty()) {
            return;
        }
        while (true) {
            ChannelPoller p;
            synchronized (this) {
                if (closed) {
                    return;
                }
                p = channels.computeIfAbsent(ref.key(), k -> new ChannelPoller(this, ref, newEpoch(ref.options())));
            }
            if (p.track(listener, items)) {
                return;
            }
            // The poller shut down between the lookup and the track: it is gone from the map now.
        }
    }

    /** {@code listener} stops tracking {@code keys} (keys it does not track are ignored). */
    public void untrack(String channelKey, Listener listener, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        ChannelPoller p;
        synchronized (this) {
            p = channels.get(channelKey);
        }
        if (p != null) {
            p.untrack(listener, keys);
        }
    }

    /**
     * A server API publish into a versioned channel: applied only where the channel has poll state
     * on this node; a version above the node's goes to the key's trackers.
     */
    public void publish(String channelKey, String key, long version, byte[] data, String epoch) {
        ChannelPoller p;
        synchronized (this) {
            p = channels.get(channelKey);
        }
        if (p != null) {
            p.publish(key, version, data, epoch);
        }
    }

    /**
     * Stops every channel's polling and the timer thread; tracks after this poll nothing. Called
     * when the node shuts down.
     */
    public void close() {
        synchronized (this) {
            closed = true;
            channels.values().forEach(ChannelPoller::close);
            channels.clear();
        }
        if (scheduler instanceof LazyScheduler lazy) {
            lazy.close();
        }
    }

    /** Channels with poll state on this node. */
    public synchronized int channelCount() {
        return channels.size();
    }

    /** Removes {@code p} if it is still empty (its shutdown delay passed). */
    void shutdown(ChannelPoller p) {
        synchronized (this) {
            if (p.closeIfEmpty()) {
                channels.remove(p.ref.key(), p);
            }
        }
    }

    private static String newEpoch(SharedPollOptions o) {
        return o.mode() == SharedPollOptions.Mode.VERSIONED ? "" : randomEpoch();
    }

    /** Eight random letters, as the reference's epochs. */
    static String randomEpoch() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder b = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            b.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
        }
        return b.toString();
    }

    /** A scheduler whose thread starts with its first task. */
    private static final class LazyScheduler implements PollScheduler {
        private ScheduledExecutorService executor;

        @Override
        public Task schedule(Runnable task, long delayMillis) {
            ScheduledExecutorService e;
            synchronized (this) {
                if (executor == null) {
                    executor = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "xshathra-shared-poll");
                        t.setDaemon(true);
                        return t;
                    });
                }
                e = executor;
            }
            try {
                return PollScheduler.of(e).schedule(task, delayMillis);
            } catch (java.util.concurrent.RejectedExecutionException ex) {
                return () -> { };
            }
        }

        synchronized void close() {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }
}
