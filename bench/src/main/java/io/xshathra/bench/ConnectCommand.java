package io.xshathra.bench;

import io.xshathra.bench.scenario.ConnectScenario;
import io.xshathra.bench.scenario.Scenario;
import io.xshathra.bench.scenario.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xshathra bench connect}. */
@Command(name = "connect", sortOptions = false,
        description = {
            "K loops, each: open a WebSocket, send connect with a freshly signed HS256 token and subscribe"
                    + " to <prefix>connect-<n> (one frame), wait for both replies, close (Close frame; the"
                    + " server closes TCP first), repeat. Reports connects+subscribes per second and their"
                    + " latency percentiles (from TCP connect to the subscribe reply).",
            "Fails when cycles fail (refused token, unknown namespace, handshake errors...)."})
final class ConnectCommand extends ScenarioCommand {

    @Option(names = "--concurrency", paramLabel = "K", defaultValue = "50",
            description = "Loops running at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Cycles per second over all loops; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Override
    String invalidOptions() {
        if (concurrency < 1 || concurrency > 10_000) {
            return "--concurrency must be 1..10000";
        }
        return rate < 0 ? "--rate must be >= 0" : null;
    }

    @Override
    Scenario scenario(Settings settings) {
        return new ConnectScenario(settings, new ConnectScenario.Options(concurrency, rate));
    }
}
