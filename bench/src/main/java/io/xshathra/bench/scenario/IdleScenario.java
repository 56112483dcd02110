package io.xshathra.bench.scenario;

import io.xshathra.bench.host.ServerProcess;
import io.xshathra.bench.net.ClientTransport;
import io.xshathra.bench.report.Result;
import io.xshathra.bench.stats.LatencySummary;
import java.util.Locale;

/**
 * {@code idle}: N connections (optionally subscribed to one channel each) held open; the server's
 * resident memory per connection and its CPU while they sit idle (pings and pongs only).
 */
public final class IdleScenario extends Scenario {

    /**
     * @param connections  N
     * @param subscribe    whether each connection subscribes to a channel
     * @param channels     how many distinct channels they spread over (0: one each)
     * @param settleSeconds wait after the last connection before reading memory
     */
    public record Options(int connections, boolean subscribe, int channels, int settleSeconds) {
    }

    private final Options o;

    public IdleScenario(Settings settings, Options options) {
        super(settings);
        this.o = options;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public Result run() throws RefusedException, InterruptedException {
        ServerProcess server = s.server();
        if (server == null) {
            throw new RefusedException("idle measures the server process: --server-pid PID is required");
        }
        if (!server.exists()) {
            throw new RefusedException("no readable process " + server.pid() + " in /proc");
        }
        checkResources(o.connections());
        int spread = o.channels() <= 0 ? o.connections() : o.channels();
        ServerProcess.Sample before = server.sample();
        try (ClientTransport transport = transport(); Progress progress = new Progress(s.err(), name())) {
            Fleet fleet = new Fleet(connector(transport), new Tokens(s.secret(), s.durationSeconds()),
                    s.connectConcurrency(), (c, p, recognised, nanos) -> { });
            Result r = header(transport);
            progress.show(() -> "ready " + fleet.ready() + "/" + o.connections() + ", failed "
                    + fleet.failures().total() + ", server RSS " + server.residentKb() / 1024 + " MiB");
            long rampStart = System.nanoTime();
            try {
                fleet.open(0, o.connections(), "bench-idle-",
                        i -> o.subscribe() ? s.channelPrefix() + "idle-" + (i % spread) : null,
                        c -> { }, deadline(rampSeconds(o.connections())));
                double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
                int opened = fleet.ready();
                sleepUntil(deadline(o.settleSeconds()));
                ServerProcess.Sample settled = server.sample();
                Usage usage = new Usage(server);
                usage.start();
                progress.show(() -> String.format(Locale.ROOT, "holding %d connections, lost %d, server RSS %d MiB",
                        fleet.ready(), fleet.lost().total(), server.residentKb() / 1024));
                sleepUntil(deadline(s.durationSeconds()));
                usage.stop();
                ServerProcess.Sample after = server.sample();
                progress.close();
                r.put("connections", o.connections(), "connections asked");
                r.put("connections_ready", opened, "connections ready");
                r.put("subscribed", o.subscribe(), "subscribed (one channel each)");
                r.put("ramp_seconds", Result.round3(rampSeconds), "seconds to open them");
                r.put("connects_per_sec", Result.round3(opened / rampSeconds), "connects / s while opening");
                standard(r, 0, 0, 0, LatencySummary.of(fleet.readyLatency.total()), "connect latency");
                r.put("rss_before_kb", before.rssKb(), "server RSS before (KiB)");
                r.put("rss_settled_kb", settled.rssKb(), "server RSS after opening (KiB)");
                r.put("rss_after_kb", after.rssKb(), "server RSS at the end (KiB)");
                double perConnection = opened == 0 ? 0 : (after.rssKb() - before.rssKb()) / (double) opened;
                r.put("rss_per_connection_kb", Result.round3(perConnection), "server RSS per connection (KiB)");
                usage.report(r);
                r.put("disconnected", fleet.lost().total(), "connections lost while holding");
                if (opened < o.connections()) {
                    r.fail("only " + opened + " of " + o.connections() + " connections ready: "
                            + fleet.failures().summary());
                }
                if (fleet.lost().total() > 0) {
                    r.fail(fleet.lost().total() + " connections lost: " + fleet.lost().summary());
                }
                return r;
            } finally {
                fleet.closeAll(10);
            }
        }
    }
}
