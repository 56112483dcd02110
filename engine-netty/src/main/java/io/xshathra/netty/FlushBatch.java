package io.xshathra.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one event loop that have messages waiting ({@link Outbound}), flushed in
 * the order they started waiting, after the loop has run every task of its current turn: a
 * fan-out task that writes to thousands of connections costs one queue entry per connection, and
 * every message a connection receives before its turn shares its single write and flush.
 *
 * <p>Batching that follows the load, in two steps. First, one pass writes for at most
 * {@link #SLICE_NANOS}; connections still waiting are left for a pass scheduled after the loop
 * has read its sockets again, so publish requests are answered without waiting behind a whole
 * fan-out, and a connection collects messages until its turn: on a saturated loop the batches
 * grow with the queue. A pass cut that way also yields the CPU ({@link Thread#yield()}), at most
 * once per {@link #YIELD_EVERY_NANOS}, so a process that shares it (Redis, another node, the
 * publisher) runs during a long fan-out instead of after all of it; when nothing else is waiting,
 * the yield returns at once.
 * Second, when writing takes a large share of the loop's time and connections get messages often
 * enough for a short wait to merge some ({@link LoadMeter}), a connection
 * is held until its first waiting message is a few milliseconds old ({@link LoadMeter#holdNanos()},
 * at most {@code client.write_hold_max}, 8 ms by default; negative never holds), so the messages of
 * that short window leave in one write: fewer system calls per delivery, for some latency on every
 * message. While holding, passes are at least three eighths of the hold apart
 * ({@link LoadMeter#remaining}): each writes, in one burst, every connection that became due since
 * the last. An idle loop holds nothing: each message leaves right after the turn that produced it.
 *
 * <p>Threading: one instance per event-loop thread, used only there.
 */
final class FlushBatch implements Runnable {
    /** Longest time one pass writes before the loop reads its sockets again. */
    static final long SLICE_NANOS = 100_000;
    /**
     * Least time between two yields. Each yield lets whatever else is runnable on the CPU take it
     * for up to a scheduler time slice (a millisecond or more), the JVM's own compiler included:
     * a yield after every slice of a five-millisecond fan-out gave away the CPU dozens of times.
     * Neighbours need it within about a millisecond, not every 100 µs.
     */
    static final long YIELD_EVERY_NANOS = 1_000_000;
    /** Connections flushed between two looks at the clock. */
    private static final int CLOCK_EVERY = 8;
    private static final Logger LOG = LoggerFactory.getLogger(FlushBatch.class);
    private static final FastThreadLocal<FlushBatch> BATCH = new FastThreadLocal<>() {
        @Override
        protected FlushBatch initialValue() {
            return new FlushBatch();
        }
    };

    private final ArrayDeque<Outbound> waiting = new ArrayDeque<>();
    private final LoadMeter load = new LoadMeter();
    private boolean scheduled;
    /** When the loop last yielded ({@link System#nanoTime()}); 0 before the first time. */
    private long lastYield;
    private EventLoop loop;

    /**
     * The batch of the calling thread, which must be {@code loop}.
     *
     * @param maxHoldNanos the most it may hold a connection ({@code client.write_hold_max})
     */
    static FlushBatch of(EventLoop loop, long maxHoldNanos) {
        FlushBatch b = BATCH.get();
        b.loop = loop;
        b.load.maxHold(maxHoldNanos);
        return b;
    }

    /**
     * Queues a connection that has messages waiting (once until it is flushed).
     *
     * @return when it started waiting ({@link System#nanoTime()}), or 0 when nothing is held
     */
    long add(Outbound outbound) {
        waiting.add(outbound);
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
                waiting.clear();
            }
        }
        return hold() > 0 ? System.nanoTime() : 0;
    }

    /** The hold now; none on a loop without a real scheduler (an embedded test channel's). */
    private long hold() {
        return loop instanceof SingleThreadEventLoop ? load.holdNanos() : 0;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long deadline = start + SLICE_NANOS;
        boolean holding = hold() > 0;
        long wait = 0;
        // Only the connections queued when the pass starts: one that a flush queues again (a
        // disconnect after a failed write) waits for the next pass.
        int n = waiting.size();
        for (int i = 1; i <= n; i++) {
            Outbound next = waiting.peek();
            if (holding && next.waitingSince() != 0) {
                wait = load.remaining(start - next.waitingSince());
                if (wait > 0) {
                    // The queue is in arrival order: everything behind it is younger still.
                    break;
                }
            }
            Outbound o = waiting.poll();
            o.meterPeriod = load.wrote(o.pendingCount(), o.meterPeriod);
            flush(o);
            if (i % CLOCK_EVERY == 0 && System.nanoTime() - deadline > 0) {
                break;
            }
        }
        long end = System.nanoTime();
        load.record(start, end);
        if (waiting.isEmpty()) {
            scheduled = false;
            return;
        }
        if (wait == 0 && (lastYield == 0 || end - lastYield >= YIELD_EVERY_NANOS)) {
            // Cut by the slice, with more to write: the CPU goes first to whatever else waits for
            // it (Redis, another node, the process that publishes), then this loop goes on.
            lastYield = end;
            Thread.yield();
        }
        try {
            // Scheduled, not queued (even when due at once): the loop takes scheduled tasks only
            // at the start of its task phase, so it reads its sockets first and then continues
            // here; a queued task would run again in this same phase, starving the reads.
            loop.schedule(this, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled = false;
            waiting.clear();
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
