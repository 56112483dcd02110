package io.xshathra.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra bench}: a load generator for any server that speaks the Centrifuge client
 * protocol and the Centrifugo server API (ours or Centrifugo itself). Add it to a command line
 * with {@code addSubcommand(new BenchCommand())}.
 */
@Command(name = "bench",
        subcommands = {IdleCommand.class, FanoutCommand.class, ConnectCommand.class, ApiCommand.class,
            ChartCommand.class},
        description = {
            "Load generator for Centrifugo-compatible servers (ours or Centrifugo): Netty (epoll when"
                    + " available), Centrifuge protocol over WebSocket in JSON or Protobuf, HS256 connection"
                    + " tokens signed with --secret, the server HTTP API with --api-key.",
            "Progress goes to stderr once a second; a table (or with --json one JSON object on stdout) at the"
                    + " end. The measured part lasts --duration seconds; every run stops by itself."},
        footer = {
            "",
            "Scenarios (each has its own options: xshathra bench <scenario> --help):",
            "  idle     N connections held open, optionally subscribed: the server's",
            "           resident memory per connection and its idle CPU (--server-pid).",
            "  fanout   C channels x S subscribers; publish through the API (default) or",
            "           as clients at --rate msg/s (0 = max): delivered/s, publish-to-",
            "           delivery latency p50/p90/p99/p99.9/max, losses, reorderings.",
            "  connect  connect + subscribe + close loops with token verification:",
            "           connects/s and their latency.",
            "  api      server API publish requests/s over keep-alive HTTP/1.1",
            "           connections and their latency.",
            "  chart    an SVG of latency against delivered rate from measured points.",
            "",
            "The server needs the --channel-prefix namespace (default bench) with",
            "allow_subscribe_for_client (and allow_publish_for_subscriber for",
            "--publish-via client). Before a run the bench checks the open-files limit",
            "(/proc/self/limits; the server's too with --server-pid) and the ephemeral",
            "port range (/proc/sys/net/ipv4/ip_local_port_range); when they are too small",
            "it refuses and says what to change. It never raises them itself.",
            "",
            "Exit codes: 0 passed; 1 loss, reordering, duplicates, errors or lost",
            "connections; 2 refused (bad options, or this machine cannot do it).",
            "",
            "Example:",
            "  xshathra bench fanout --url ws://127.0.0.1:8000/connection/websocket \\",
            "      --api-url http://127.0.0.1:8000/api --secret S --api-key K \\",
            "      --channels 10 --subscribers 100 --rate 1000 --duration 20"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ScenarioCommand.REFUSED;
    }
}
