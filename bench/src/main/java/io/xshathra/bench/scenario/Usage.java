package io.xshathra.bench.scenario;

import io.xshathra.bench.host.ServerProcess;
import io.xshathra.bench.report.Result;

/**
 * CPU (and resident memory) of the server process and of the bench itself over a measured
 * interval, from {@code /proc}. The bench's own share matters: on a small machine the load
 * generator competes with the server for the same cores.
 */
final class Usage {
    private final ServerProcess server;
    private final ServerProcess self = ServerProcess.of(ProcessHandle.current().pid());
    private ServerProcess.Sample serverStart;
    private ServerProcess.Sample selfStart;
    private ServerProcess.Sample serverEnd;
    private ServerProcess.Sample selfEnd;

    Usage(ServerProcess server) {
        this.server = server;
    }

    void start() {
        serverStart = server == null ? null : server.sample();
        selfStart = self.sample();
    }

    void stop() {
        serverEnd = server == null ? null : server.sample();
        selfEnd = self.sample();
    }

    /** Adds {@code server_cpu_percent}, {@code server_rss_kb} and {@code bench_cpu_percent}. */
    void report(Result r) {
        if (serverStart != null && serverEnd != null) {
            r.put("server_cpu_percent", Result.round3(serverEnd.cpuPercentSince(serverStart)),
                    "server CPU (% of one core)");
            r.put("server_rss_kb", serverEnd.rssKb(), "server resident memory (KiB)");
        }
        if (selfStart != null && selfEnd != null) {
            r.put("bench_cpu_percent", Result.round3(selfEnd.cpuPercentSince(selfStart)),
                    "bench CPU (% of one core)");
        }
    }
}
