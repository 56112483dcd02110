package io.xshathra.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.unix.Socket;
import io.netty.util.ReferenceCountUtil;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.Push;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The outbound side of one client connection, the same for every transport: a queue of encoded
 * messages, flushed once per event-loop turn ({@link FlushBatch}) through the connection's
 * {@link Framing}, the slow-consumer rule, and the close path with the disconnect push.
 *
 * <p>Limits. The channel's write-buffer high-water mark ({@code client.queue_max_size}) bounds
 * the bytes written but not yet sent: passing it closes the connection with 3008
 * ({@link #writabilityChanged}), the frame or chunk that crossed it included and everything
 * queued behind it dropped. The messages of one turn are bounded too ({@link #MAX_QUEUED}); one
 * more is dropped and the connection closes with 3008 right after the turn's flush, which still
 * sends every message accepted before.
 *
 * <p>Writing. When nothing waits in the channel's outbound buffer, a batch goes straight to the
 * socket in one system call ({@link DirectWrite}); otherwise, and for what the socket does not
 * take, through the pipeline.
 *
 * <p>Closing. {@link #close} sends what is queued, the disconnect push (when the transport has
 * one) and the framing's end, then closes the channel once the end is written or after five
 * seconds; a slow consumer gets no push (its queue is dropped); a peer that is gone, or that takes
 * no bytes at all (3009, {@link WriteDeadline}), is closed at once. Idempotent; writes after it
 * are ignored.
 *
 * <p>Threading: the channel's event loop only; {@link #write} from another thread hops there.
 */
final class Outbound {
    /** Messages one turn may queue for one connection before it counts as slow. */
    static final int MAX_QUEUED = 1 << 16;
    private static final long CLOSE_WAIT_SECONDS = 5;

    /** What a disconnect means for the bytes still to send. */
    enum Ending {
        /** The peer is gone: nothing can be sent. */
        PEER_GONE,
        /** The peer takes no bytes (the write timeout passed): not even an end can be sent. */
        STUCK,
        /** The peer reads too slowly: its queue is dropped. */
        SLOW,
        /** Everything queued goes out, then the disconnect push and the end. */
        GRACEFUL;

        static Ending of(Disconnect d) {
            if (d.code() == Disconnect.CONNECTION_CLOSED.code()) {
                return PEER_GONE;
            }
            if (d.code() == Disconnect.WRITE_ERROR.code()) {
                return STUCK;
            }
            return d.code() == Disconnect.SLOW.code() ? SLOW : GRACEFUL;
        }
    }

    private final ChannelHandlerContext ctx;
    private final Channel channel;
    private final Framing framing;
    /** {@code client.write_hold_max}, in nanoseconds. */
    private final long maxHoldNanos;
    /** The push format of a disconnect push, or null when the transport sends none. */
    private final PushFormat disconnectPush;
    /** Tells the session to disconnect (it then calls {@link #close} back). */
    private final Consumer<Disconnect> disconnector;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    /** The socket to write batches to directly, or null: never ({@link DirectWrite#socketOf}). */
    private final Socket socket;
    /**
     * Whether the pipeline lets raw buffers through unchanged: 0 not looked at yet, 1 yes, -1 no.
     * Looked at once, at the first flush: by then the handshake has left the pipeline as it stays.
     */
    private byte pipelinePassesBytes;
    private boolean flushScheduled;
    /** When this connection started waiting for its flush, if its batch is holding ({@link FlushBatch}). */
    private long waitingSince;
    /** The {@link LoadMeter} rate period this connection was last counted in; its loop's batch keeps it. */
    int meterPeriod;
    private boolean overflowed;
    private boolean closing;

    /**
     * @param ctx            the transport's context: every write starts there
     * @param disconnectPush the format to send a {@code disconnect} push in before the end, or
     *                       null for none
     * @param disconnector   the session's disconnect, for limits passed here
     * @param maxHold        the most the event loop may hold this connection's messages to
     *                       batch them ({@code client.write_hold_max}, {@link FlushBatch})
     */
    Outbound(ChannelHandlerContext ctx, Framing framing, PushFormat disconnectPush, Consumer<Disconnect> disconnector,
             Duration maxHold) {
        this.ctx = ctx;
        this.channel = ctx.channel();
        this.framing = framing;
        this.maxHoldNanos = maxHold.toNanos();
        this.disconnectPush = disconnectPush;
        this.disconnector = disconnector;
        this.socket = DirectWrite.socketOf(channel);
    }

    /** Whether the connection is closing: writes are ignored. */
    boolean closing() {
        return closing;
    }

    /** Queues one message for the end of the turn. */
    void write(byte[] message) {
        if (closing) {
            return;
        }
        if (!channel.eventLoop().inEventLoop()) {
            // Off-loop callers break the Transport contract; hop rather than corrupt the queue.
            channel.eventLoop().execute(() -> write(message));
            return;
        }
        if (pending.size() >= MAX_QUEUED) {
            overflowed = true;
            return;
        }
        pending.add(message);
        if (!flushScheduled) {
            flushScheduled = true;
            waitingSince = FlushBatch.of(channel.eventLoop(), maxHoldNanos).add(this);
        }
    }

    /** When the connection started waiting for its flush; 0 when it is not held. */
    long waitingSince() {
        return waitingSince;
    }

    /** How many messages wait for the next flush. */
    int pendingCount() {
        return pending.size();
    }

    /** Writes everything queued, then flushes once; called at the end of the event-loop turn. */
    void flushPending() {
        flushScheduled = false;
        if (pending.isEmpty() || !channel.isActive()) {
            pending.clear();
            return;
        }
        if (!writeDirect()) {
            framing.writeBatch(ctx, pending);
            ctx.flush();
        }
        if (overflowed && !closing) {
            overflowed = false;
            disconnector.accept(Disconnect.SLOW);
        }
    }

    /**
     * Sends the whole batch straight to the socket when nothing waits before it and the framing
     * and pipeline allow ({@link DirectWrite}).
     *
     * @return false when the batch must take the pipeline (the queue is untouched)
     */
    private boolean writeDirect() {
        if (socket == null || !framing.raw()) {
            return false;
        }
        if (pipelinePassesBytes == 0) {
            pipelinePassesBytes = DirectWrite.pipelinePassesBytes(ctx) ? (byte) 1 : (byte) -1;
        }
        if (pipelinePassesBytes < 0 || !DirectWrite.nothingWaiting(channel)) {
            return false;
        }
        var out = DirectWrite.buffer();
        if (!framing.writeRaw(pending, out)) {
            return false;
        }
        DirectWrite.send(ctx, socket, out);
        return true;
    }

    /** Whether this connection's pipeline lets its batches go straight to the socket (for tests). */
    boolean writesDirectly() {
        return pipelinePassesBytes > 0;
    }

    /** The channel's writability changed: unwritable means the high-water mark was passed. */
    void writabilityChanged() {
        if (!channel.isWritable() && !closing) {
            disconnector.accept(Disconnect.SLOW);
        }
    }

    /** Sends what is queued and ends the connection as {@code disconnect} asks. Idempotent. */
    void close(Disconnect disconnect) {
        if (closing) {
            return;
        }
        Ending ending = Ending.of(disconnect);
        if (ending == Ending.PEER_GONE || ending == Ending.STUCK || !channel.isActive()) {
            abort();
            return;
        }
        if (ending == Ending.SLOW) {
            if (!framing.endsSlowConsumers()) {
                abort();
                return;
            }
            pending.clear();
        } else {
            byte[] push = disconnectPush == null ? null : disconnectPush(disconnect);
            if (push != null && framing.disconnectPushInBatch()) {
                pending.add(push);
            }
            flushPending();
            if (push != null && !framing.disconnectPushInBatch()) {
                pending.add(push);
                flushPending();
            }
        }
        end(framing.end(disconnect));
    }

    /**
     * Stops writing and sends {@code last} (a close frame, the last chunk): the channel closes
     * once it is written or after five seconds, as the framing says. Idempotent.
     */
    void end(Object last) {
        if (closing) {
            ReferenceCountUtil.release(last);
            return;
        }
        closing = true;
        pending.clear();
        if (!channel.isActive()) {
            ReferenceCountUtil.release(last);
            return;
        }
        if (framing.closeWhenEndWritten()) {
            ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(last);
        }
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops writing, sends {@code last} and closes the channel once it is written. */
    void abortWith(Object last) {
        closing = true;
        pending.clear();
        if (!channel.isActive()) {
            ReferenceCountUtil.release(last);
            return;
        }
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
    }

    /** Drops the connection without sending anything more. Idempotent. */
    void abort() {
        closing = true;
        pending.clear();
        channel.close();
    }

    /** The channel went away: nothing queued can be sent. */
    void channelClosed() {
        pending.clear();
    }

    private byte[] disconnectPush(Disconnect d) {
        try {
            return disconnectPush.encode(Push.newBuilder().setDisconnect(io.xshathra.protocol.proto.Disconnect
                    .newBuilder().setCode(d.code()).setReason(d.reason())).build());
        } catch (ProtocolException e) {
            return null;
        }
    }
}
