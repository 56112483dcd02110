package io.xshathra.bench;

import io.xshathra.bench.scenario.ApiScenario;
import io.xshathra.bench.scenario.Scenario;
import io.xshathra.bench.scenario.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xshathra bench api}. */
@Command(name = "api", sortOptions = false,
        description = {
            "Server API publish requests per second: K keep-alive HTTP/1.1 connections, one request in flight"
                    + " on each, connection k publishing to <prefix>api-<k> (no subscribers). Reports"
                    + " requests/s and request latency percentiles.",
            "Fails on any API error or non-200 answer, and when a --rate above 0 was not reached (less than"
                    + " 95%% of it)."})
final class ApiCommand extends ScenarioCommand {

    @Option(names = "--api-connections", paramLabel = "K", defaultValue = "8",
            description = "Concurrent HTTP connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Requests per second over all connections; 0 = as fast as possible"
                    + " (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--payload-bytes", paramLabel = "B", defaultValue = "128",
            description = "Payload size in bytes, at least 40 (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Override
    String invalidOptions() {
        if (connections < 1 || connections > 1000) {
            return "--api-connections must be 1..1000";
        }
        if (payloadBytes < 40 || payloadBytes > 60_000) {
            return "--payload-bytes must be 40..60000";
        }
        return rate < 0 ? "--rate must be >= 0" : null;
    }

    @Override
    Scenario scenario(Settings settings) {
        return new ApiScenario(settings, new ApiScenario.Options(connections, rate, payloadBytes));
    }
}
