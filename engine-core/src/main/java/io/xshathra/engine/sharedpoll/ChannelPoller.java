package io.xshathra.engine.sharedpoll;

import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.proxy.ProxyRequest.SharedPollRefresh.Item;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.sharedpoll.SharedPolls.KeyVersion;
import io.xshathra.engine.sharedpoll.SharedPolls.Listener;
import io.xshathra.engine.util.LogThrottle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll state of one shared-poll channel on this node: its {@link PollState}, the fan-out of
 * each key to the listeners tracking it, the timer poll and the shutdown timer.
 *
 * <p>Timer poll: every {@code refresh_interval}, all tracked keys (sorted) in chunks of
 * {@code refresh_batch_size}, the chunks spread evenly over the interval; the next cycle starts one
 * interval after this one started, or at once when the cycle took longer. Keys new to the node
 * are polled at once, one call each, at most {@link #MAX_NOTIFIED} of them in flight (the timer
 * poll covers the rest). Every backend call goes through the node-wide {@link CallLimiter} and is
 * abandoned after {@link #CALL_CAP}; a failed call changes nothing.
 *
 * <p>Thread-safe: the state is guarded by this object's lock.
 */
final class ChannelPoller {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelPoller.class);
    /** Poll failures of every channel of the node share one warning every 10 s. */
    private static final LogThrottle FAILURE_LOG = new LogThrottle(10, TimeUnit.SECONDS);
    /** Immediate polls of new keys in flight at most, per channel. */
    static final int MAX_NOTIFIED = 4096;
    /** The longest any backend call may take, whatever the proxy's own timeout. */
    static final Duration CALL_CAP = Duration.ofSeconds(30);

    final SharedPolls.ChannelRef ref;
    private final SharedPolls owner;
    private final PollState state;
    private final Map<String, Set<Listener>> fanOut = new HashMap<>();
    private final AtomicInteger notified = new AtomicInteger();
    private PollScheduler.Task timer;
    private boolean cycling;
    private PollScheduler.Task shutdown;
    private boolean closed;

    ChannelPoller(SharedPolls owner, SharedPolls.ChannelRef ref, String initialEpoch) {
        this.owner = owner;
        this.ref = ref;
        this.state = new PollState(ref.options().mode(), initialEpoch);
    }

    /** The channel's epoch, or null once closed. */
    synchronized String epoch() {
        return closed ? null : state.epoch();
    }

    /** Tracks {@code items} for {@code l}; false when this poller already shut down. */
    boolean track(Listener l, List<KeyVersion> items) {
        List<String> now = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (shutdown != null) {
                shutdown.cancel();
                shutdown = null;
            }
            for (KeyVersion kv : items) {
                if (state.admit(kv.key(), kv.version()) == PollState.Admission.POLL_NOW) {
                    now.add(kv.key());
                }
                fanOut.computeIfAbsent(kv.key(), k -> new HashSet<>()).add(l);
            }
            if (timer == null && !cycling) {
                timer = owner.scheduler.schedule(this::cycle, interval());
            }
        }
        for (String key : now) {
            if (notified.incrementAndGet() > MAX_NOTIFIED) {
                notified.decrementAndGet();
                continue;
            }
            poll(List.of(key), notified::decrementAndGet);
        }
        return true;
    }

    void untrack(Listener l, Collection<String> keys) {
        synchronized (this) {
            if (closed) {
                return;
            }
            for (String k : keys) {
                Set<Listener> set = fanOut.get(k);
                if (set != null && set.remove(l) && set.isEmpty()) {
                    fanOut.remove(k);
                    state.forget(k);
                }
            }
            armShutdownIfEmpty();
        }
    }

    synchronized void publish(String key, long version, byte[] data, String epoch) {
        if (closed || ref.options().mode() != SharedPollOptions.Mode.VERSIONED) {
            return;
        }
        deliver(state.publish(key, version, data, epoch), epoch);
    }

    /** Stops polling for good (the node shuts down). */
    synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (shutdown != null) {
            shutdown.cancel();
            shutdown = null;
        }
    }

    /** Closes the poller when it still has no keys; true when it did. */
    synchronized boolean closeIfEmpty() {
        if (closed || !state.isEmpty()) {
            return false;
        }
        closed = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        return true;
    }

    private long interval() {
        return ref.options().effectiveRefreshInterval().toMillis();
    }

    private void armShutdownIfEmpty() {
        if (state.isEmpty() && shutdown == null) {
            shutdown = owner.scheduler.schedule(() -> owner.shutdown(this),
                    ref.options().effectiveChannelShutdownDelay().toMillis());
        }
    }

    /** One timer poll: every key, in chunks spread over the interval; the next cycle once all are done. */
    private void cycle() {
        long started = owner.clock.millis();
        List<List<String>> chunks = new ArrayList<>();
        synchronized (this) {
            timer = null;
            if (closed) {
                return;
            }
            cycling = true;
            List<String> keys = state.timerKeys();
            int size = ref.options().effectiveRefreshBatchSize();
            for (int i = 0; i < keys.size(); i += size) {
                chunks.add(keys.subList(i, Math.min(keys.size(), i + size)));
            }
        }
        if (chunks.isEmpty()) {
            next(started);
            return;
        }
        AtomicInteger left = new AtomicInteger(chunks.size());
        long spacing = interval() / chunks.size();
        for (int i = 0; i < chunks.size(); i++) {
            List<String> chunk = chunks.get(i);
            Runnable send = () -> poll(chunk, () -> {
                if (left.decrementAndGet() == 0) {
                    next(started);
                }
            });
            if (i == 0) {
                send.run();
            } else {
                owner.scheduler.schedule(send, i * spacing);
            }
        }
    }

    private void next(long started) {
        synchronized (this) {
            cycling = false;
            if (closed) {
                return;
            }
            long elapsed = owner.clock.millis() - started;
            timer = owner.scheduler.schedule(this::cycle, Math.max(0, interval() - elapsed));
        }
    }

    /** Polls {@code keys} through the node's call limiter; {@code done} runs exactly once, at the end. */
    private void poll(List<String> keys, Runnable done) {
        boolean queued = owner.limiter.submit(() -> {
            List<Item> items;
            synchronized (this) {
                items = closed ? List.of() : state.request(keys);
            }
            if (items.isEmpty()) {
                done.run();
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<ProxyResult.SharedPollRefresh> call;
            try {
                call = owner.backend.refresh(ref.projectId(), ref.options(), ref.channel(), items)
                        .toCompletableFuture().orTimeout(CALL_CAP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.whenComplete((r, e) -> {
                try {
                    if (e != null) {
                        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        long held = FAILURE_LOG.admit();
                        if (held >= 0) {
                            // No stack trace: the cause names the failure, and a backend that is
                            // down fails every poll of every channel.
                            LOG.warn("shared poll of channel {} ({} keys) failed: {}{}", ref.channel(), items.size(),
                                    cause.toString(), LogThrottle.more(held));
                        }
                    } else {
                        apply(r);
                    }
                } finally {
                    done.run();
                }
            });
        });
        if (!queued) {
            done.run();
        }
    }

    private synchronized void apply(ProxyResult.SharedPollRefresh result) {
        if (!closed) {
            deliver(state.apply(result), "");
        }
    }

    /** Sends an applied answer to the listeners; with the lock held, so each key's changes go out in order. */
    private void deliver(PollState.Applied a, String epoch) {
        if (a.epochChanged()) {
            // Every subscriber starts over; as they leave, so do their keys (their versions are void).
            Set<Listener> all = new LinkedHashSet<>();
            fanOut.values().forEach(all::addAll);
            fanOut.clear();
            state.keys().forEach(state::forget);
            all.forEach(Listener::epochChanged);
            armShutdownIfEmpty();
            return;
        }
        for (String key : a.removed()) {
            Set<Listener> set = fanOut.remove(key);
            if (set != null) {
                set.forEach(l -> l.removed(key));
            }
        }
        for (PollState.Update u : a.updates()) {
            Set<Listener> set = fanOut.get(u.key());
            if (set != null) {
                Patch patch = Patch.of(u);
                for (Listener l : set) {
                    l.publication(u.key(), u.version(), u.data(), epoch, patch);
                }
            }
        }
        armShutdownIfEmpty();
    }
}
