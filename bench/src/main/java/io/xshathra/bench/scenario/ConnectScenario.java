package io.xshathra.bench.scenario;

import io.xshathra.bench.net.ClientTransport;
import io.xshathra.bench.net.WsConnection;
import io.xshathra.bench.net.WsConnector;
import io.xshathra.bench.report.Result;
import io.xshathra.bench.stats.LatencyRecorder;
import io.xshathra.bench.stats.LatencySummary;
import io.xshathra.bench.wire.Payload;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code connect}: K loops, each opening a connection with a freshly signed token, subscribing,
 * closing (the server closes TCP first, so TIME_WAIT does not eat client ports) and starting
 * over. Reports completed cycles per second and the connect + subscribe latency.
 */
public final class ConnectScenario extends Scenario implements WsConnection.Listener {

    /**
     * @param concurrency loops running at once
     * @param rate        cycles per second over all loops, 0 for as fast as possible
     */
    public record Options(int concurrency, double rate) {
    }

    private static final int CHANNELS = 100;
    /** Give up when this many cycles failed: the server is refusing, not slow. */
    private static final int MAX_FAILURES = 100;

    private final Options o;
    private final Window window = new Window();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder completedInWindow = new LongAdder();
    private final Reasons failures = new Reasons();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong issued = new AtomicLong();
    private final Set<WsConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean stopping;
    private volatile long startedNanos;
    private WsConnector connector;
    private ClientTransport transport;
    private Tokens tokens;

    public ConnectScenario(Settings settings, Options options) {
        super(settings);
        this.o = options;
    }

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public Result run() throws RefusedException, InterruptedException {
        checkResources(o.concurrency());
        Usage usage = new Usage(s.server());
        try (ClientTransport t = transport(); Progress progress = new Progress(s.err(), name())) {
            transport = t;
            connector = connector(t);
            tokens = new Tokens(s.secret(), s.durationSeconds() + s.warmupSeconds());
            Result r = header(t);
            long[] shown = new long[1];
            progress.show(() -> {
                long done = completed.sum();
                LatencySummary l = LatencySummary.of(latency.interval());
                String line = String.format(Locale.ROOT, "%sconnect+subscribe %d/s, p50 %.2f p99 %.2f ms, open %d,"
                        + " failed %d", window.isOpen() ? "" : "(not measuring) ", done - shown[0], l.p50(), l.p99(),
                        open.size(), failures.total());
                shown[0] = done;
                return line;
            });
            startedNanos = System.nanoTime();
            for (int k = 0; k < o.concurrency(); k++) {
                running.incrementAndGet();
                startCycle();
            }
            long warm = deadline(s.warmupSeconds());
            while (System.nanoTime() < warm && !givenUp()) {
                Thread.sleep(50);
            }
            usage.start();
            window.open();
            long end = deadline(s.durationSeconds());
            while (System.nanoTime() < end && !givenUp()) {
                Thread.sleep(50);
            }
            window.close();
            usage.stop();
            stopping = true;
            awaitLoops();
            closeLeftovers();
            progress.close();
            return report(r, usage);
        } finally {
            stopping = true;
        }
    }

    /** Closes connections whose cycle did not finish in time, while the event loops still run. */
    private void closeLeftovers() {
        for (WsConnection c : open) {
            c.closeGracefully();
        }
    }

    private boolean givenUp() {
        return failures.total() >= MAX_FAILURES || running.get() == 0;
    }

    private void awaitLoops() throws InterruptedException {
        long deadline = deadline(s.timeoutMillis() / 1000.0 + 3);
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Starts the next cycle now, or when the rate allows. Any thread. */
    private void startCycle() {
        if (stopping || failures.total() >= MAX_FAILURES) {
            running.decrementAndGet();
            return;
        }
        if (o.rate() > 0) {
            long slot = issued.getAndIncrement();
            long at = startedNanos + (long) (slot * 1e9 / o.rate());
            long delay = at - System.nanoTime();
            if (delay > 0) {
                transport.group().schedule(this::openOne, delay, TimeUnit.NANOSECONDS);
                return;
            }
        }
        openOne();
    }

    private void openOne() {
        if (stopping) {
            running.decrementAndGet();
            return;
        }
        int i = next.getAndIncrement();
        WsConnection c = connector.open(i, tokens.forUser("bench-connect-" + i),
                s.channelPrefix() + "connect-" + (i % CHANNELS), this);
        open.add(c);
    }

    @Override
    public void onReady(WsConnection c, long nanos) {
        completed.increment();
        if (window.isOpen()) {
            completedInWindow.increment();
            latency.recordNanos(nanos);
        }
        c.closeGracefully().whenComplete((v, e) -> {
            open.remove(c);
            startCycle();
        });
    }

    @Override
    public void onFailed(WsConnection c, String reason) {
        failures.add(reason);
        open.remove(c);
        c.closeGracefully();
        startCycle();
    }

    @Override
    public void onLost(WsConnection c, String reason) {
        // Lost between ready and our close: count it, the loop goes on from the close listener.
        failures.add("lost right after subscribing: " + reason);
    }

    @Override
    public void onPublication(WsConnection c, Payload.Fields p, boolean recognised, long receivedNanos) {
        // Nobody publishes in this scenario.
    }

    private Result report(Result r, Usage usage) {
        double seconds = window.seconds();
        r.put("concurrency", o.concurrency(), "concurrent loops");
        r.put("target_rate", o.rate(), "target connects / s (0 = max)");
        r.put("connects", completedInWindow.sum(), "connect+subscribe cycles measured");
        r.put("connects_per_sec", Result.round3(seconds == 0 ? 0 : completedInWindow.sum() / seconds),
                "connect+subscribe / s");
        standard(r, 0, 0, 0, LatencySummary.of(latency.total()), "connect+subscribe latency");
        r.put("failures", failures.total(), "failed cycles");
        usage.report(r);
        if (failures.total() > 0) {
            r.fail(failures.total() + " cycles failed: " + failures.summary());
        }
        if (completed.sum() == 0) {
            r.fail("no connection completed");
        }
        return r;
    }
}
