package io.xshathra.bench;

import io.xshathra.bench.report.LatencyChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xshathra bench chart}: the latency/throughput chart of a rate sweep, as SVG. */
@Command(name = "chart", sortOptions = false,
        description = {
            "Draw p50 and p99 publish-to-delivery latency against delivered messages per second, one line"
                    + " pair per server, from a file of measured points (bench/side-by-side.sh writes it for"
                    + " its fanout-sweep scenario): one point per line, tab-separated: server name,"
                    + " deliveries/s, p50 ms, p99 ms. Lines starting with # are ignored."})
final class ChartCommand implements Callable<Integer> {
    private static final int MAX_POINTS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The SVG file to write.")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Fan-out: latency against delivered rate",
            description = "The chart's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "POINTS", description = "The points file.")
    Path points;

    @Override
    public Integer call() {
        List<LatencyChart.Series> series;
        try {
            series = read(Files.readAllLines(points, StandardCharsets.UTF_8));
        } catch (IOException e) {
            spec.commandLine().getErr().println("chart: cannot read " + points + ": " + e.getMessage());
            return ScenarioCommand.REFUSED;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("chart: " + points + ": " + e.getMessage());
            return ScenarioCommand.REFUSED;
        }
        try {
            Files.writeString(out, LatencyChart.svg(title, series), StandardCharsets.UTF_8);
        } catch (IOException e) {
            spec.commandLine().getErr().println("chart: cannot write " + out + ": " + e.getMessage());
            return ScenarioCommand.REFUSED;
        }
        return 0;
    }

    /** The series of a points file, in the order their names first appear. */
    static List<LatencyChart.Series> read(List<String> lines) {
        Map<String, List<LatencyChart.Point>> byServer = new LinkedHashMap<>();
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 4 tab-separated fields");
            }
            if (++n > MAX_POINTS) {
                throw new IllegalArgumentException("more than " + MAX_POINTS + " points");
            }
            try {
                LatencyChart.Point p = new LatencyChart.Point(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]));
                if (!(p.deliveredPerSecond() >= 0 && p.p50Millis() >= 0 && p.p99Millis() >= 0)) {
                    throw new NumberFormatException("negative");
                }
                byServer.computeIfAbsent(f[0], k -> new ArrayList<>()).add(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": not a number (" + e.getMessage() + ")");
            }
        }
        List<LatencyChart.Series> out = new ArrayList<>();
        byServer.forEach((name, pts) -> out.add(new LatencyChart.Series(name, pts)));
        return out;
    }
}
