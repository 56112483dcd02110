package io.xshathra.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one event loop that have messages waiting ({@link Outbound}), flushed
 * together once the loop has run every task of its current turn. A fan-out task that writes to thousands of
 * connections thus costs one list entry per connection, and every publication delivered in the
 * same turn shares each connection's single write and flush.
 *
 * <p>Threading: one instance per event-loop thread, used only there.
 */
final class FlushBatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FlushBatch.class);
    private static final FastThreadLocal<FlushBatch> BATCH = new FastThreadLocal<>() {
        @Override
        protected FlushBatch initialValue() {
            return new FlushBatch();
        }
    };

    private ArrayList<Outbound> dirty = new ArrayList<>();
    private ArrayList<Outbound> spare = new ArrayList<>();
    private boolean scheduled;
    private EventLoop loop;

    /** The batch of the calling thread, which must be {@code loop}. */
    static FlushBatch of(EventLoop loop) {
        FlushBatch b = BATCH.get();
        b.loop = loop;
        return b;
    }

    void add(Outbound outbound) {
        dirty.add(outbound);
        if (!scheduled) {
            scheduled = true;
            try {
                if (loop instanceof SingleThreadEventLoop l) {
                    l.executeAfterEventLoopIteration(this);
                } else {
                    loop.execute(this);
                }
            } catch (RejectedExecutionException e) {
                // The loop is shutting down and closes its connections; nothing left to flush.
                scheduled = false;
                dirty.clear();
            }
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // Swap lists: a flush may queue more replies (a disconnect after a failed write), and
        // those join the next batch instead of the one being iterated.
        ArrayList<Outbound> batch = dirty;
        dirty = spare;
        spare = batch;
        try {
            for (int i = 0; i < batch.size(); i++) {
                flush(batch.get(i));
            }
        } finally {
            batch.clear();
        }
    }

    /** One connection's failure must not leave the others of the batch unflushed. */
    private static void flush(Outbound outbound) {
        try {
            outbound.flushPending();
        } catch (RuntimeException e) {
            LOG.warn("flush failed, closing the connection", e);
            outbound.abort();
        }
    }
}
