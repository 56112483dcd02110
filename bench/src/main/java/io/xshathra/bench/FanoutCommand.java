package io.xshathra.bench;

import io.xshathra.bench.scenario.FanoutScenario;
import io.xshathra.bench.scenario.Scenario;
import io.xshathra.bench.scenario.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xshathra bench fanout}. */
@Command(name = "fanout", sortOptions = false,
        description = {
            "C channels (<prefix>fanout-<c>) x S subscribers each. Publishers send numbered, time-stamped"
                    + " payloads through the server API (--publish-via api: keep-alive HTTP/1.1, one request in"
                    + " flight per connection, each channel always on the same connection) or as clients"
                    + " (--publish-via client: one connection per channel, subscribed to it; the namespace needs"
                    + " allow_publish_for_subscriber), at --rate messages/s in total or as fast as possible"
                    + " (--rate 0).",
            "Reports delivered messages/s, publish-to-delivery latency percentiles (p50/p90/p99/p99.9/max),"
                    + " and per subscriber, per channel: losses, reorderings and duplicates. After publishing"
                    + " stops, waits up to --drain seconds for the last deliveries.",
            "Fails (exit 1) on any loss, reordering, duplicate, publish error or lost connection, and when"
                    + " a --rate above 0 was not reached (less than 95%% of it)."})
final class FanoutCommand extends ScenarioCommand {

    /** How publications reach the server. */
    enum Via { api, client }

    @Option(names = "--channels", paramLabel = "C", defaultValue = "10",
            description = "Channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--subscribers", paramLabel = "S", defaultValue = "100",
            description = "Subscribers per channel, one connection each (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--publish-via", paramLabel = "api|client", defaultValue = "api",
            description = "Publish through the server API or as clients (default: ${DEFAULT-VALUE}).")
    Via via;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "1000",
            description = "Messages per second over all channels; 0 = as fast as acknowledgements come back"
                    + " (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--payload-bytes", paramLabel = "B", defaultValue = "128",
            description = "Payload size in bytes, at least 40 (default: ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--api-connections", paramLabel = "K", defaultValue = "4",
            description = "Server API connections for --publish-via api; channel c uses connection c mod K"
                    + " (default: ${DEFAULT-VALUE}).")
    int apiConnections;

    @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "5",
            description = "Longest wait for outstanding deliveries after publishing stops"
                    + " (default: ${DEFAULT-VALUE}).")
    int drain;

    @Override
    String invalidOptions() {
        if (channels < 1 || subscribers < 1 || (long) channels * subscribers > 1_000_000) {
            return "--channels and --subscribers must be >= 1, with at most 1000000 subscribers in all";
        }
        if (rate < 0) {
            return "--rate must be >= 0";
        }
        if (payloadBytes < 40 || payloadBytes > 60_000) {
            return "--payload-bytes must be 40..60000";
        }
        if (apiConnections < 1 || apiConnections > 1000) {
            return "--api-connections must be 1..1000";
        }
        if (drain < 1 || drain > 120) {
            return "--drain must be 1..120 seconds";
        }
        return null;
    }

    @Override
    Scenario scenario(Settings settings) {
        return new FanoutScenario(settings, new FanoutScenario.Options(channels, subscribers, via == Via.client,
                rate, payloadBytes, apiConnections, drain));
    }
}
