package io.xshathra.bench.scenario;

import io.xshathra.bench.net.WsConnection;
import io.xshathra.bench.net.WsConnector;
import io.xshathra.bench.stats.LatencyRecorder;
import io.xshathra.bench.wire.Payload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A set of long-lived client connections opened with a bounded number of handshakes in flight.
 * Counts how many became ready, failed or were lost later, and passes publications on.
 * The listener methods run on the connections' event loops.
 */
final class Fleet implements WsConnection.Listener {

    /** Receives publications arriving on the fleet's connections. */
    interface PublicationSink {
        void onPublication(WsConnection c, Payload.Fields p, boolean recognised, long receivedNanos);

        /** A ready connection was lost. */
        default void onLost(WsConnection c) {
        }
    }

    private final WsConnector connector;
    private final Tokens tokens;
    private final PublicationSink sink;
    private final Semaphore inFlight;
    private final int concurrency;
    private final List<WsConnection> connections = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ready = new AtomicInteger();
    private final Reasons failures = new Reasons();
    private final Reasons lost = new Reasons();
    /** Time from starting a connection to its being ready (connect + subscribe). */
    final LatencyRecorder readyLatency = new LatencyRecorder();

    Fleet(WsConnector connector, Tokens tokens, int concurrency, PublicationSink sink) {
        this.connector = connector;
        this.tokens = tokens;
        this.sink = sink;
        this.inFlight = new Semaphore(concurrency);
        this.concurrency = concurrency;
    }

    /**
     * Opens {@code count} connections numbered {@code first...}, waiting until each is ready or
     * failed. Stops early when failures pile up or the deadline passes.
     *
     * @param channelOf the channel connection {@code i} subscribes to (null: none)
     * @param setup     called with each connection before it starts (e.g. to attach state)
     * @return whether all of them became ready
     */
    boolean open(int first, int count, String userPrefix, IntFunction<String> channelOf,
                 java.util.function.Consumer<WsConnection> setup, long deadlineNanos) throws InterruptedException {
        int targetReady = ready.get() + count;
        int maxFailures = Math.max(10, count / 100);
        long failuresBefore = failures.total();
        for (int i = first; i < first + count; i++) {
            if (failures.total() - failuresBefore >= maxFailures || !acquire(deadlineNanos)) {
                break;
            }
            WsConnection c = connector.open(i, tokens.forUser(userPrefix + i), channelOf.apply(i), this);
            setup.accept(c);
            connections.add(c);
        }
        // Wait for the stragglers: every permit back means every handshake ended.
        int permits = 0;
        int all = concurrency;
        while (permits < all && System.nanoTime() < deadlineNanos) {
            if (inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                permits++;
            }
        }
        inFlight.release(permits);
        return ready.get() >= targetReady;
    }

    private boolean acquire(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 && inFlight.tryAcquire(left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onReady(WsConnection c, long nanos) {
        ready.incrementAndGet();
        readyLatency.recordNanos(nanos);
        inFlight.release();
    }

    @Override
    public void onFailed(WsConnection c, String reason) {
        failures.add(reason);
        inFlight.release();
    }

    @Override
    public void onLost(WsConnection c, String reason) {
        ready.decrementAndGet();
        lost.add(reason);
        sink.onLost(c);
    }

    @Override
    public void onPublication(WsConnection c, Payload.Fields p, boolean recognised, long receivedNanos) {
        sink.onPublication(c, p, recognised, receivedNanos);
    }

    /** Connections ready now. */
    int ready() {
        return ready.get();
    }

    Reasons failures() {
        return failures;
    }

    Reasons lost() {
        return lost;
    }

    /** Every connection started (ready or not). */
    List<WsConnection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    /** Closes every connection gracefully; waits at most {@code seconds} for all. */
    void closeAll(int seconds) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (WsConnection c : connections()) {
            closing.add(c.closeGracefully());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Bounded on purpose: whatever is still open is cut when the event loops shut down.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
