package io.xshathra.bench;

import io.xshathra.bench.scenario.IdleScenario;
import io.xshathra.bench.scenario.Scenario;
import io.xshathra.bench.scenario.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xshathra bench idle}. */
@Command(name = "idle", sortOptions = false,
        description = {
            "Open N connections (optionally each subscribed to a channel), hold them for --duration seconds"
                    + " while answering server pings, and report the server's resident memory per connection"
                    + " (VmRSS from /proc/PID/status before and after) and its CPU while they sit idle"
                    + " (utime+stime from /proc/PID/stat). Needs --server-pid.",
            "Fails when a connection cannot be opened or is lost while held (e.g. 3012 no pong)."})
final class IdleCommand extends ScenarioCommand {

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1000",
            description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--subscribe", description = "Subscribe each connection to one channel <prefix>idle-<i>.")
    boolean subscribe;

    @Option(names = "--channels", paramLabel = "M", defaultValue = "0",
            description = "With --subscribe: spread the connections over M channels (default: one channel each).")
    int channels;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "2",
            description = "Wait after the last connection before the memory reading (default: ${DEFAULT-VALUE}).")
    int settle;

    @Override
    String invalidOptions() {
        if (connections < 1 || connections > 1_000_000) {
            return "--connections must be 1..1000000";
        }
        if (channels < 0 || settle < 0 || settle > 60) {
            return "--channels must be >= 0 and --settle 0..60";
        }
        return null;
    }

    @Override
    Scenario scenario(Settings settings) {
        return new IdleScenario(settings, new IdleScenario.Options(connections, subscribe, channels, settle));
    }
}
