package io.xshathra.bench.scenario;

import io.xshathra.bench.host.ResourceCheck;
import io.xshathra.bench.net.WsConnector;
import io.xshathra.bench.net.ClientTransport;
import io.xshathra.bench.report.Result;
import io.xshathra.bench.stats.LatencySummary;
import java.util.List;
import java.util.Locale;

/**
 * A load scenario. {@link #run} checks the machine first ({@link RefusedException} when it cannot
 * do what was asked), always stops by itself within a bounded time, and returns a {@link Result}
 * that carries at least {@code delivered_per_sec}, {@code lost}, {@code reordered} and
 * {@code latency_ms}.
 */
public abstract class Scenario {
    protected final Settings s;

    protected Scenario(Settings settings) {
        this.s = settings;
    }

    /** The scenario's name, as on the command line. */
    public abstract String name();

    /** Runs the scenario. */
    public abstract Result run() throws RefusedException, InterruptedException;

    /** Refuses when this process (or the server) cannot hold {@code sockets} client sockets. */
    protected void checkResources(int sockets) throws RefusedException {
        boolean loopback = s.ws().loopback() && (s.api() == null || s.api().loopback());
        List<String> problems = ResourceCheck.problems(
                new ResourceCheck.Plan(sockets, s.sourceAddresses(), loopback),
                ResourceCheck.Host.current(s.server()));
        if (!problems.isEmpty()) {
            throw RefusedException.of(problems);
        }
    }

    protected ClientTransport transport() {
        return new ClientTransport(s.threads(), s.sourceAddresses());
    }

    protected WsConnector connector(ClientTransport transport) {
        return new WsConnector(transport, s.ws(), s.protocol(), s.timeoutMillis());
    }

    /** The first rows: what was run against what. */
    protected Result header(ClientTransport transport) {
        return header(transport, s.ws().uri().toString());
    }

    /** The first rows, naming the endpoint the scenario loads. */
    protected Result header(ClientTransport transport, String url) {
        return new Result()
                .put("scenario", name(), "scenario")
                .put("protocol", s.protocol().name().toLowerCase(Locale.ROOT), "protocol")
                .put("url", url, "url")
                .put("transport", transport.name())
                .put("duration_s", s.durationSeconds(), "measured seconds");
    }

    /** Share of the target rate a run must reach to count: below it the run fails. */
    static final double RATE_TOLERANCE = 0.95;

    /**
     * A run asked for a fixed rate ({@code target} > 0) and reached less than
     * {@value #RATE_TOLERANCE} of it: its latency figures describe a lighter load than asked,
     * so it fails, saying how far it fell short.
     */
    protected static void requireRate(Result r, double target, double perSecond, String what) {
        if (target > 0 && perSecond < target * RATE_TOLERANCE) {
            r.fail(String.format(java.util.Locale.ROOT,
                    "target rate not reached: %.0f %s/s of the %.0f/s asked (%.0f%%); the server or the load generator"
                            + " could not keep up (fewer --channels or --subscribers, or a lower --rate)",
                    perSecond, what, target, 100 * perSecond / target));
        }
    }

    /** The fields every result has, whether or not the scenario delivers messages. */
    protected static void standard(Result r, double deliveredPerSec, long lost, long reordered,
                                   LatencySummary latency, String latencyLabel) {
        r.put("delivered_per_sec", Result.round3(deliveredPerSec), deliveredPerSec > 0 ? "delivered / s" : null);
        r.put("lost", lost, "lost");
        r.put("reordered", reordered, "reordered");
        r.put("latency_ms", latency.asMap());
        r.row(latencyLabel, latency.brief());
    }

    /** A deadline {@code seconds} from now, in {@link System#nanoTime()} terms. */
    protected static long deadline(double seconds) {
        return System.nanoTime() + (long) (seconds * 1e9);
    }

    /** Sleeps until the deadline. */
    protected static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }

    /** Time allowed for opening {@code count} connections: generous, but bounded. */
    protected double rampSeconds(int count) {
        return 30 + count / 100.0;
    }

    protected static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }
}
