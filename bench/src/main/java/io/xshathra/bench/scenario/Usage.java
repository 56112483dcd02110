package io.xshathra.bench.scenario;

import io.xshathra.bench.host.ProcFiles;
import io.xshathra.bench.host.ServerProcess;
import java.nio.file.Path;
import io.xshathra.bench.report.Result;

/**
 * CPU (and resident memory) of the server process, of the bench itself and of the whole machine
 * over a measured interval, from {@code /proc}. The bench's own share matters: on a small machine
 * the load generator competes with the server for the same cores; what remains of the machine's
 * busy time is other work, which makes a run noisy.
 */
final class Usage {
    private final ServerProcess server;
    private final ServerProcess self = ServerProcess.of(ProcessHandle.current().pid());
    private ServerProcess.Sample serverStart;
    private ServerProcess.Sample selfStart;
    private ServerProcess.Sample serverEnd;
    private ServerProcess.Sample selfEnd;
    private long machineStart;
    private long machineEnd;

    Usage(ServerProcess server) {
        this.server = server;
    }

    void start() {
        serverStart = server == null ? null : server.sample();
        selfStart = self.sample();
        machineStart = machineTicks();
    }

    void stop() {
        serverEnd = server == null ? null : server.sample();
        selfEnd = self.sample();
        machineEnd = machineTicks();
    }

    private static long machineTicks() {
        String stat = ProcFiles.read(Path.of("/proc/stat"));
        return stat == null ? -1 : ProcFiles.busyTicks(stat);
    }

    /** Adds {@code server_cpu_percent}, {@code server_rss_kb} and {@code bench_cpu_percent}. */
    void report(Result r) {
        if (serverStart != null && serverEnd != null) {
            r.put("server_cpu_percent", Result.round3(serverEnd.cpuPercentSince(serverStart)),
                    "server CPU (% of one core)");
            r.put("server_rss_kb", serverEnd.rssKb(), "server resident memory (KiB)");
        }
        if (selfStart != null && selfEnd != null) {
            double bench = selfEnd.cpuPercentSince(selfStart);
            r.put("bench_cpu_percent", Result.round3(bench), "bench CPU (% of one core)");
            if (machineStart >= 0 && machineEnd >= 0) {
                double seconds = (selfEnd.nanos() - selfStart.nanos()) / 1e9;
                double machine = 100.0 * (machineEnd - machineStart) / ProcFiles.USER_HZ / seconds;
                r.put("machine_cpu_percent", Result.round3(machine), "whole machine CPU (% of one core)");
                if (serverStart != null && serverEnd != null) {
                    // What neither the server nor the bench used: other work sharing the machine.
                    double others = Math.max(0, machine - bench - serverEnd.cpuPercentSince(serverStart));
                    r.put("others_cpu_percent", Result.round3(others), "other processes' CPU (% of one core)");
                }
            }
        }
    }
}
