package io.xshathra.engine.client;

import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A Protobuf transport without a network: every written reply is decoded and queued; a close
 * completes {@link #closed}. Records the first broken rule of the {@link Transport} contract
 * (a call off the event loop, a write after close) in {@link #violation}.
 */
final class FakeTransport implements Transport {
    final ScheduledExecutorService loop;
    final BlockingQueue<Reply> written = new LinkedBlockingQueue<>();
    final CompletableFuture<Disconnect> closed = new CompletableFuture<>();
    private volatile Thread loopThread;
    /** Backpressure calls in order: {@code true} for pause, {@code false} for resume. */
    final BlockingQueue<Boolean> reading = new LinkedBlockingQueue<>();
    /** The first broken rule of the transport contract seen, or null. */
    volatile String violation;

    FakeTransport(ScheduledExecutorService loop) {
        this.loop = loop;
        try {
            loop.submit(() -> loopThread = Thread.currentThread()).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void onLoop(String what) {
        if (Thread.currentThread() != loopThread && violation == null) {
            violation = what + " called on " + Thread.currentThread().getName();
        }
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.PROTOBUF;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public ScheduledExecutorService executor() {
        return loop;
    }

    @Override
    public void write(byte[] encodedReply) {
        onLoop("write");
        if (closed.isDone()) {
            violation = violation == null ? "write after close" : violation;
            return;
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(encodedReply);
            Reply reply = Reply.parseDelimitedFrom(in);
            if (in.available() != 0) {
                violation = violation == null ? "more than one reply in one write" : violation;
            }
            written.add(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close(Disconnect disconnect) {
        onLoop("close");
        closed.complete(disconnect);
    }

    @Override
    public void pauseReading() {
        onLoop("pauseReading");
        reading.add(true);
    }

    @Override
    public void resumeReading() {
        onLoop("resumeReading");
        reading.add(false);
    }

    @Override
    public void abort() {
        onLoop("abort");
        closed.complete(Disconnect.CONNECTION_CLOSED);
    }
}
