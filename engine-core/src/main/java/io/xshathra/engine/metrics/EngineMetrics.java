package io.xshathra.engine.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's counters, cheap to bump from any thread ({@link LongAdder}). Exported by the
 * server's metrics registry; the core stays free of any metrics library.
 */
public final class EngineMetrics {
    private final LongAdder commandsReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder publications = new LongAdder();
    private final LongAdder subscriptionsAccepted = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder readPauses = new LongAdder();
    private final LongAdder commandQueueOverflows = new LongAdder();
    private final Map<Integer, LongAdder> replyErrors = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> disconnects = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> apiCalls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> apiErrors = new ConcurrentHashMap<>();

    public void commandsReceived(int n) {
        commandsReceived.add(n);
    }

    public void messageSent() {
        messagesSent.increment();
    }

    public void publication() {
        publications.increment();
    }

    public void subscribed() {
        subscriptionsAccepted.increment();
    }

    public void connected() {
        connectionsAccepted.increment();
    }

    /** A connection stopped reading because enough of its commands were waiting. */
    public void readPaused() {
        readPauses.increment();
    }

    /** A connection was closed because its commands passed {@code client.command_queue_limit}. */
    public void commandQueueOverflow() {
        commandQueueOverflows.increment();
    }

    public long readPauses() {
        return readPauses.sum();
    }

    public long commandQueueOverflows() {
        return commandQueueOverflows.sum();
    }

    public void replyError(int code) {
        replyErrors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void disconnect(int code) {
        disconnects.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    public void apiCall(String method) {
        apiCalls.computeIfAbsent(method, c -> new LongAdder()).increment();
    }

    public void apiError(String method) {
        apiErrors.computeIfAbsent(method, c -> new LongAdder()).increment();
    }

    public long commandsReceived() {
        return commandsReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long publications() {
        return publications.sum();
    }

    public long subscriptionsAccepted() {
        return subscriptionsAccepted.sum();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    public Map<Integer, LongAdder> replyErrors() {
        return replyErrors;
    }

    public Map<Integer, LongAdder> disconnects() {
        return disconnects;
    }

    public Map<String, LongAdder> apiCalls() {
        return apiCalls;
    }

    public Map<String, LongAdder> apiErrors() {
        return apiErrors;
    }
}
