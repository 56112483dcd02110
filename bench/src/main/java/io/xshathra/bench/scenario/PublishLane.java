package io.xshathra.bench.scenario;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.xshathra.bench.wire.Payload;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One publisher: owns a set of channels, numbers each channel's messages 1, 2, 3, ... and keeps
 * exactly one publish in flight, so the server receives every channel's messages in order.
 * Paced to a rate (a 1 ms tick plus sending right after each acknowledgement when behind), or as
 * fast as acknowledgements come back when the rate is 0. Runs on its event loop only, except
 * {@link #start}, {@link #stop} and {@link #idle}.
 */
abstract class PublishLane {
    private static final double MAX_BACKLOG_SECONDS = 0.05;
    private final int[] channels;
    private final long[] sequences;
    private final double rate;
    private final int payloadBytes;
    private final byte[] payload;
    protected final PublishStats stats;
    /** Counted down once the lane's connection is ready (or has failed). */
    final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean inFlight;
    private volatile boolean dead;
    private volatile String deathReason;
    private boolean running;
    private int cursor;
    private int inFlightChannel;
    private long inFlightSince;
    private long started;
    private long sent;
    private ScheduledFuture<?> ticker;

    /**
     * @param channels     the channel indexes this lane publishes to, round-robin
     * @param rate         messages per second for this lane, 0 for as fast as possible
     * @param payloadBytes nominal payload size
     */
    PublishLane(int[] channels, double rate, int payloadBytes, PublishStats stats) {
        this.channels = channels.clone();
        this.sequences = new long[channels.length];
        this.rate = rate;
        this.payloadBytes = payloadBytes;
        this.payload = Payload.buffer(payloadBytes);
        this.stats = stats;
    }

    /** The event loop the lane's connection runs on. */
    protected abstract EventLoop loop();

    /** Sends one payload to channel {@code channel}; the reply must come to {@link #acknowledged}. */
    protected abstract void send(int channel, byte[] data, int length);

    /** Starts publishing. */
    void start() {
        EventLoop loop = loop();
        if (loop == null) {
            return;
        }
        loop.execute(() -> {
            if (dead) {
                return;
            }
            running = true;
            started = System.nanoTime();
            ticker = loop.scheduleAtFixedRate(this::pump, 1, 1, TimeUnit.MILLISECONDS);
            pump();
        });
    }

    /** Stops publishing; a publish in flight still completes. */
    void stop() {
        EventLoop loop = loop();
        if (loop == null) {
            return;
        }
        loop.execute(() -> {
            running = false;
            if (ticker != null) {
                ticker.cancel(false);
            }
        });
    }

    /** No publish in flight. */
    boolean idle() {
        return !inFlight || dead;
    }

    boolean dead() {
        return dead;
    }

    String deathReason() {
        return deathReason;
    }

    private void pump() {
        if (running && !inFlight && !dead && due()) {
            sendNext();
        }
    }

    /**
     * Whether the schedule allows another message. A lane that fell behind (a slow server, a
     * stall) catches up at most {@link #MAX_BACKLOG_SECONDS} worth of messages: beyond that the
     * schedule moves on and the messages count as {@code behind}, so the measured rate never
     * exceeds the target because of an earlier stall.
     */
    private boolean due() {
        if (rate <= 0) {
            return true;
        }
        long now = System.nanoTime();
        double backlog = rate * (now - started) / 1e9 - sent;
        double limit = Math.max(1, rate * MAX_BACKLOG_SECONDS);
        if (backlog > limit) {
            long skipped = (long) (backlog - limit);
            stats.behind.add(skipped);
            started += (long) (skipped / rate * 1e9);
            backlog -= skipped;
        }
        return backlog > -1;
    }

    private void sendNext() {
        int k = cursor;
        cursor = cursor + 1 == channels.length ? 0 : cursor + 1;
        int channel = channels[k];
        long seq = ++sequences[k];
        inFlightSince = Payload.now();
        int length = Payload.write(payload, payloadBytes, channel, seq, inFlightSince);
        inFlight = true;
        inFlightChannel = channel;
        sent++;
        send(channel, payload, length);
    }

    /** The reply to the publish in flight: {@code error} null on success. On the event loop. */
    protected final void acknowledged(String error) {
        if (!inFlight) {
            return;
        }
        inFlight = false;
        if (error == null) {
            stats.acknowledged(inFlightChannel, Payload.now() - inFlightSince);
        } else {
            stats.errors.add(error);
        }
        pump();
    }

    /** The lane's connection is gone: nothing more will be published or acknowledged. */
    protected final void died(String reason) {
        if (!dead) {
            deathReason = reason;
            dead = true;
            running = false;
            if (inFlight) {
                stats.errors.add("publish without reply: " + reason);
            }
            inFlight = false;
            opened.countDown();
        }
    }

    /** Message size actually sent (the nominal size, unless the numbers need more room). */
    int payloadSize() {
        return Payload.write(new byte[payload.length], payloadBytes, 0, 1, Payload.now());
    }
}
