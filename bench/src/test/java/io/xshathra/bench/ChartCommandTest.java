package io.xshathra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xshathra.bench.report.LatencyChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChartCommandTest {

    @Test
    void pointsAreGroupedByServerInFirstSeenOrder() {
        List<LatencyChart.Series> s = ChartCommand.read(List.of("# server\tdelivered\tp50\tp99",
                "ours\t100000\t1.5\t9", "centrifugo\t90000\t2\t30", "ours\t200000\t3\t20", ""));
        assertEquals(2, s.size());
        assertEquals("ours", s.get(0).name());
        assertEquals(2, s.get(0).points().size());
        assertEquals(90000, s.get(1).points().get(0).deliveredPerSecond());
    }

    @Test
    void malformedLinesAreRefusedNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChartCommand.read(List.of("ours\t1\t2\t3", "ours\tx\t2\t3")));
        assertTrue(e.getMessage().startsWith("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChartCommand.read(List.of("ours\t1\t2")));
        assertThrows(IllegalArgumentException.class, () -> ChartCommand.read(List.of("ours\t1\t-2\t3")));
    }

    @Test
    void writesTheSvg(@TempDir Path tmp) throws Exception {
        Path points = Files.writeString(tmp.resolve("p.tsv"), "ours\t1000\t1\t2\n");
        Path out = tmp.resolve("c.svg");
        int rc = new CommandLine(new BenchCommand()).execute("chart", "--out", out.toString(), points.toString());
        assertEquals(0, rc);
        assertTrue(Files.readString(out).contains("<polyline"));
    }
}
