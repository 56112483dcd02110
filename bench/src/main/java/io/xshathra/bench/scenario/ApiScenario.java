package io.xshathra.bench.scenario;

import io.xshathra.bench.net.ClientTransport;
import io.xshathra.bench.report.Result;
import io.xshathra.bench.stats.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code api}: server API {@code publish} requests per second over several keep-alive HTTP/1.1
 * connections, one request in flight on each, every connection publishing to its own channel
 * (nobody subscribed).
 */
public final class ApiScenario extends Scenario {

    /**
     * @param connections  concurrent HTTP connections
     * @param rate         requests per second over all of them, 0 for as fast as possible
     * @param payloadBytes nominal payload size
     */
    public record Options(int connections, double rate, int payloadBytes) {
    }

    private final Options o;
    private final Window window = new Window();
    private final List<ApiLane> lanes = new ArrayList<>();

    public ApiScenario(Settings settings, Options options) {
        super(settings);
        this.o = options;
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Result run() throws RefusedException, InterruptedException {
        if (s.api() == null) {
            throw new RefusedException("api needs --api-url");
        }
        checkResources(o.connections());
        int n = o.connections();
        String[] names = new String[n];
        for (int k = 0; k < n; k++) {
            names[k] = s.channelPrefix() + "api-" + k;
        }
        PublishStats stats = new PublishStats(n, window);
        try (ClientTransport transport = transport(); Progress progress = new Progress(s.err(), name())) {
            try {
                return measure(transport, progress, names, stats);
            } finally {
                lanes.forEach(ApiLane::close);
            }
        }
    }

    private Result measure(ClientTransport transport, Progress progress, String[] names, PublishStats stats)
            throws InterruptedException {
        int n = names.length;
        Usage usage = new Usage(s.server());
        Result r = header(transport, s.api().uri().toString());
        for (int k = 0; k < n; k++) {
            lanes.add(new ApiLane(transport, k, s, names, new int[] {k}, o.rate() / n, o.payloadBytes(), stats));
        }
        long openBy = deadline(s.timeoutMillis() / 1000.0 + 2);
        for (ApiLane lane : lanes) {
            long left = openBy - System.nanoTime();
            if (left <= 0 || !lane.opened.await(left, TimeUnit.NANOSECONDS) || lane.dead()) {
                return standardFail(r, "API connection failed: "
                        + (lane.dead() ? lane.deathReason() : "not open in time"));
            }
        }
        long[] shown = new long[1];
        progress.show(() -> {
            long done = stats.total.sum();
            LatencySummary l = LatencySummary.of(stats.ackLatency.interval());
            String line = String.format(Locale.ROOT, "%spublish %d/s, p50 %.2f p99 %.2f ms, errors %d",
                    window.isOpen() ? "" : "(not measuring) ", done - shown[0], l.p50(), l.p99(),
                    stats.errors.total());
            shown[0] = done;
            return line;
        });
        lanes.forEach(PublishLane::start);
        sleepUntil(deadline(s.warmupSeconds()));
        usage.start();
        window.open();
        sleepUntil(deadline(s.durationSeconds()));
        window.close();
        usage.stop();
        lanes.forEach(PublishLane::stop);
        long idleBy = deadline(s.timeoutMillis() / 1000.0);
        while (!lanes.stream().allMatch(PublishLane::idle) && System.nanoTime() < idleBy) {
            Thread.sleep(10);
        }
        progress.close();
        double seconds = window.seconds();
        r.put("api_connections", n, "API connections");
        r.put("target_rate", o.rate(), "target requests / s (0 = max)");
        r.put("payload_bytes", lanes.get(0).payloadSize(), "payload bytes");
        r.put("requests", stats.inWindow.sum(), "publish requests measured");
        r.put("requests_per_sec", Result.round3(stats.inWindow.sum() / seconds), "publish requests / s");
        standard(r, 0, 0, 0, LatencySummary.of(stats.ackLatency.total()), "request latency");
        r.put("errors", stats.errors.total(), "errors");
        r.put("behind", stats.behind.sum(), "requests skipped (target rate not reached)");
        usage.report(r);
        requireRate(r, o.rate(), stats.inWindow.sum() / seconds, "requests");
        if (stats.errors.total() > 0) {
            r.fail("API errors: " + stats.errors.summary());
        }
        for (ApiLane lane : lanes) {
            if (lane.dead()) {
                r.fail("API connection failed: " + lane.deathReason());
            }
        }
        return r;
    }

    private static Result standardFail(Result r, String reason) {
        standard(r, 0, 0, 0, LatencySummary.of(new org.HdrHistogram.Histogram(3)), "request latency");
        return r.fail(reason);
    }
}
