package io.xshathra.bench.scenario;

import io.xshathra.bench.net.ClientTransport;
import io.xshathra.bench.net.WsConnection;
import io.xshathra.bench.net.WsConnector;
import io.xshathra.bench.report.Result;
import io.xshathra.bench.stats.LatencyRecorder;
import io.xshathra.bench.stats.LatencySummary;
import io.xshathra.bench.stats.SequenceTracker;
import io.xshathra.bench.wire.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code fanout}: C channels with S subscribers each; publishers (server API or client publish)
 * number every channel's messages and stamp them with their send time; each subscriber checks
 * that it receives every message of its channel once and in order.
 */
public final class FanoutScenario extends Scenario implements Fleet.PublicationSink {

    /**
     * @param channels       C
     * @param subscribers    S, per channel
     * @param viaClient      publish as clients instead of through the server API
     * @param rate           messages per second over all channels, 0 for as fast as possible
     * @param payloadBytes   nominal payload size
     * @param apiConnections server API connections (API publishing)
     * @param drainSeconds   how long to wait for the last deliveries after publishing stops
     */
    public record Options(int channels, int subscribers, boolean viaClient, double rate, int payloadBytes,
                          int apiConnections, int drainSeconds) {
    }

    /** One subscriber's accounting; used on its connection's event loop. */
    private static final class Subscriber {
        final int channel;
        final SequenceTracker tracker = new SequenceTracker();
        volatile boolean dropped;

        Subscriber(int channel) {
            this.channel = channel;
        }
    }

    private final Options o;
    private final String[] names;
    private final Window window = new Window();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder distinct = new LongAdder();
    private final LongAdder foreign = new LongAdder();

    public FanoutScenario(Settings settings, Options options) {
        super(settings);
        this.o = options;
        this.names = new String[options.channels()];
        for (int c = 0; c < names.length; c++) {
            names[c] = settings.channelPrefix() + "fanout-" + c;
        }
    }

    @Override
    public String name() {
        return "fanout";
    }

    private int publisherSockets() {
        return o.viaClient() ? o.channels() : Math.min(o.apiConnections(), o.channels());
    }

    @Override
    public Result run() throws RefusedException, InterruptedException {
        int subscribers = o.channels() * o.subscribers();
        checkResources(subscribers + publisherSockets());
        PublishStats stats = new PublishStats(o.channels(), window);
        Usage usage = new Usage(s.server());
        try (ClientTransport transport = transport(); Progress progress = new Progress(s.err(), name())) {
            WsConnector connector = connector(transport);
            Tokens tokens = new Tokens(s.secret(), s.durationSeconds() + s.warmupSeconds());
            Fleet fleet = new Fleet(connector, tokens, s.connectConcurrency(), this);
            Result r = header(transport);
            progress.show(() -> "subscribers ready " + fleet.ready() + "/" + subscribers
                    + ", failed " + fleet.failures().total());
            fleet.open(0, subscribers, "bench-sub-", i -> names[i % o.channels()],
                    c -> c.attachment = new Subscriber(c.index() % o.channels()), deadline(rampSeconds(subscribers)));
            List<PublishLane> lanes = List.of();
            try {
                List<WsConnection> measured = fleet.connections().stream().filter(WsConnection::ready).toList();
                if (measured.size() < subscribers) {
                    return fail(r, "only " + measured.size() + " of " + subscribers + " subscribers ready: "
                            + fleet.failures().summary());
                }
                lanes = lanes(transport, connector, tokens, stats);
                String laneProblem = awaitLanes(lanes);
                if (laneProblem != null) {
                    return fail(r, laneProblem);
                }
                long[] perChannel = subscribersPerChannel(measured);
                lanes.forEach(PublishLane::start);
                progress.show(() -> line(stats, fleet));
                sleepUntil(deadline(s.warmupSeconds()));
                usage.start();
                window.open();
                sleepUntil(deadline(s.durationSeconds()));
                window.close();
                usage.stop();
                lanes.forEach(PublishLane::stop);
                boolean drained = drain(lanes, stats, perChannel);
                progress.close();
                fleet.closeAll(5);
                return report(r, measured, stats, lanes, fleet, usage, drained);
            } finally {
                lanes.forEach(this::close);
                fleet.closeAll(5);
            }
        }
    }

    private List<PublishLane> lanes(ClientTransport transport, WsConnector connector, Tokens tokens,
                                    PublishStats stats) {
        List<PublishLane> lanes = new ArrayList<>();
        int n = publisherSockets();
        int base = o.channels() * o.subscribers();
        for (int k = 0; k < n; k++) {
            int lane = k;
            int[] owned = java.util.stream.IntStream.range(0, o.channels()).filter(c -> c % n == lane).toArray();
            double rate = o.rate() * owned.length / o.channels();
            if (o.viaClient()) {
                lanes.add(new ClientLane(connector, base + k, tokens.forUser("bench-pub-" + k), names[k], k, rate,
                        o.payloadBytes(), stats));
            } else {
                lanes.add(new ApiLane(transport, base + k, s, names, owned, rate, o.payloadBytes(), stats));
            }
        }
        return lanes;
    }

    private String awaitLanes(List<PublishLane> lanes) throws InterruptedException {
        long deadline = deadline(s.timeoutMillis() / 1000.0 + 5);
        for (PublishLane lane : lanes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !lane.opened.await(left, TimeUnit.NANOSECONDS)) {
                return "a publisher did not get ready in time";
            }
            if (lane.dead()) {
                return "publisher failed: " + lane.deathReason();
            }
        }
        return null;
    }

    private long[] subscribersPerChannel(List<WsConnection> measured) {
        long[] out = new long[o.channels()];
        for (WsConnection c : measured) {
            out[((Subscriber) c.attachment).channel]++;
        }
        return out;
    }

    /** Waits until every acknowledged message reached every subscriber, or the drain time ends. */
    private boolean drain(List<PublishLane> lanes, PublishStats stats, long[] perChannel) throws InterruptedException {
        long deadline = deadline(o.drainSeconds());
        while (System.nanoTime() < deadline) {
            boolean idle = lanes.stream().allMatch(PublishLane::idle);
            if (idle && distinct.sum() >= expected(stats, perChannel)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private long expected(PublishStats stats, long[] perChannel) {
        long sum = 0;
        for (int c = 0; c < perChannel.length; c++) {
            sum += stats.publishedTo(c) * perChannel[c];
        }
        return sum;
    }

    private long shownDistinct;
    private long shownPublished;

    /** The progress line; called once a second from the progress thread only. */
    private String line(PublishStats stats, Fleet fleet) {
        LatencySummary l = LatencySummary.of(latency.interval());
        long published = stats.total.sum();
        long received = distinct.sum();
        String text = String.format(Locale.ROOT, "%spublish %d/s, deliver %d/s, latency p50 %.2f p99 %.2f ms,"
                        + " connections %d, publish errors %d%s",
                window.isOpen() ? "" : "(not measuring) ", published - shownPublished, received - shownDistinct,
                l.p50(), l.p99(), fleet.ready(), stats.errors.total(),
                foreign.sum() > 0 ? ", foreign " + foreign.sum() : "");
        shownPublished = published;
        shownDistinct = received;
        return text;
    }

    @Override
    public void onPublication(WsConnection c, Payload.Fields p, boolean recognised, long receivedNanos) {
        Object a = c.attachment;
        if (!(a instanceof Subscriber sub)) {
            return;
        }
        if (!recognised || p.channel != sub.channel) {
            foreign.increment();
            return;
        }
        long before = sub.tracker.distinct();
        sub.tracker.record(p.seq);
        if (sub.tracker.distinct() != before) {
            distinct.increment();
        }
        if (window.isOpen()) {
            delivered.increment();
            latency.recordNanos(receivedNanos - p.sentNanos);
        }
    }

    @Override
    public void onLost(WsConnection c) {
        if (c.attachment instanceof Subscriber sub) {
            sub.dropped = true;
        }
    }

    private Result report(Result r, List<WsConnection> measured, PublishStats stats, List<PublishLane> lanes,
                          Fleet fleet, Usage usage, boolean drained) {
        long lost = 0;
        long reordered = 0;
        long duplicates = 0;
        long dropped = 0;
        for (WsConnection c : measured) {
            Subscriber sub = (Subscriber) c.attachment;
            if (sub.dropped) {
                dropped++;
                continue;
            }
            lost += sub.tracker.lost(stats.publishedTo(sub.channel));
            reordered += sub.tracker.reordered();
            duplicates += sub.tracker.duplicates();
        }
        double seconds = window.seconds();
        r.put("channels", o.channels(), "channels");
        r.put("subscribers_per_channel", o.subscribers(), "subscribers per channel");
        r.put("connections", measured.size() + lanes.size(), "connections");
        r.put("publish_via", o.viaClient() ? "client" : "api", "publish via");
        r.put("target_rate", o.rate(), "target publish rate (0 = max)");
        r.put("payload_bytes", lanes.get(0).payloadSize(), "payload bytes");
        r.put("published", stats.total.sum(), "published (acknowledged)");
        r.put("publish_per_sec", Result.round3(stats.inWindow.sum() / seconds), "publish / s");
        r.put("publish_errors", stats.errors.total(), "publish errors");
        r.put("publish_behind", stats.behind.sum(), "publishes skipped (target rate not reached)");
        r.put("delivered", delivered.sum(), "delivered in the measured window");
        standard(r, delivered.sum() / seconds, lost, reordered, LatencySummary.of(latency.total()),
                "publish-to-delivery latency");
        r.put("duplicates", duplicates, "duplicates");
        r.put("foreign", foreign.sum(), "foreign/misrouted publications");
        r.put("disconnected", dropped, "subscribers disconnected");
        r.put("publish_latency_ms", LatencySummary.of(stats.ackLatency.total()).asMap());
        r.row("publish acknowledgement latency", LatencySummary.of(stats.ackLatency.total()).brief());
        r.put("drained", drained, "all deliveries drained");
        usage.report(r);
        failures(r, stats, lanes, fleet, lost, reordered, duplicates, dropped, drained);
        requireRate(r, o.rate(), stats.inWindow.sum() / seconds, "publications");
        return r;
    }

    private void failures(Result r, PublishStats stats, List<PublishLane> lanes, Fleet fleet, long lost,
                          long reordered, long duplicates, long dropped, boolean drained) {
        if (lost > 0) {
            r.fail(lost + " messages lost" + (drained ? ""
                    : " (still missing when the " + o.drainSeconds() + " s drain time ended)"));
        }
        if (reordered > 0) {
            r.fail(reordered + " messages reordered");
        }
        if (duplicates > 0) {
            r.fail(duplicates + " messages delivered twice");
        }
        if (foreign.sum() > 0) {
            r.fail(foreign.sum() + " publications that no publisher sent to that channel");
        }
        if (dropped > 0) {
            r.fail(dropped + " subscribers lost their connection: " + fleet.lost().summary());
        }
        if (stats.errors.total() > 0) {
            r.fail("publish errors: " + stats.errors.summary());
        }
        for (PublishLane lane : lanes) {
            if (lane.dead()) {
                r.fail("publisher failed: " + lane.deathReason());
            }
        }
        if (!drained && lost == 0) {
            r.fail("deliveries did not drain within " + o.drainSeconds() + " s");
        }
    }

    private static Result fail(Result r, String reason) {
        standard(r, 0, 0, 0, LatencySummary.of(new LatencyRecorder().total()), "publish-to-delivery latency");
        return r.fail(reason);
    }

    private void close(PublishLane lane) {
        if (lane instanceof ApiLane api) {
            api.close();
        } else if (lane instanceof ClientLane client) {
            client.connection().closeGracefully();
        }
    }
}
