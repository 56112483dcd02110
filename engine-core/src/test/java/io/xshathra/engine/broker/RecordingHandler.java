package io.xshathra.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a broker hands to its event handler, in arrival order; tests wait with a deadline. */
public final class RecordingHandler implements BrokerEventHandler {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * One delivery. {@code kind} is "pub", "join" or "leave"; {@code previous} is the publication a
     * delta is made against (null when the broker handed none).
     */
    public record Event(String kind, String channel, Publication publication, StreamPosition position,
                        ClientInfo info, Publication previous) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** How many times the broker said deliveries may have been lost. */
    public final java.util.concurrent.atomic.AtomicInteger interruptions = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void handleInterruption() {
        interruptions.incrementAndGet();
    }

    @Override
    public void handlePublication(String channel, Publication publication, StreamPosition position,
                                  Publication previous) {
        events.add(new Event("pub", channel, publication, position, null, previous));
    }

    @Override
    public void handleJoin(String channel, ClientInfo info) {
        events.add(new Event("join", channel, null, null, info, null));
    }

    @Override
    public void handleLeave(String channel, ClientInfo info) {
        events.add(new Event("leave", channel, null, null, info, null));
    }

    /** Waits for the next {@code n} events. */
    public List<Event> take(int n) throws InterruptedException {
        List<Event> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (out.size() < n) {
            Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(e).as("event %d of %d within %s", out.size() + 1, n, WAIT).isNotNull();
            out.add(e);
        }
        return out;
    }

    /** Events already recorded and not yet taken. */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }
}
