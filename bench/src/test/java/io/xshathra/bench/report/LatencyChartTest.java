package io.xshathra.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LatencyChartTest {

    @Test
    void eachServerGetsAP50AndAP99LineThroughItsPointsInRateOrder() {
        String svg = LatencyChart.svg("t", List.of(
                new LatencyChart.Series("ours", List.of(new LatencyChart.Point(300_000, 4, 40),
                        new LatencyChart.Point(100_000, 1, 10))),
                new LatencyChart.Series("other", List.of(new LatencyChart.Point(200_000, 2, 200)))));
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.trim().endsWith("</svg>"));
        Matcher m = Pattern.compile("<polyline points=\"([^\"]+)\"").matcher(svg);
        int lines = 0;
        double firstX = -1;
        while (m.find()) {
            lines++;
            String[] pts = m.group(1).split(" ");
            if (lines == 1) {
                assertEquals(2, pts.length);
                double x0 = Double.parseDouble(pts[0].split(",")[0]);
                double x1 = Double.parseDouble(pts[1].split(",")[0]);
                assertTrue(x0 < x1, "sorted by delivered rate");
                firstX = x0;
            }
        }
        assertEquals(4, lines, "p50 and p99 for each of two servers");
        assertTrue(firstX > 0);
        assertTrue(svg.contains("ours p50") && svg.contains("other p99"));
    }

    @Test
    void higherLatencyIsDrawnHigherOnTheLogAxis() {
        String svg = LatencyChart.svg("t", List.of(new LatencyChart.Series("s",
                List.of(new LatencyChart.Point(1000, 1, 100)))));
        Matcher m = Pattern.compile("<circle cx=\"[^\"]+\" cy=\"([^\"]+)\"").matcher(svg);
        assertTrue(m.find());
        double p50y = Double.parseDouble(m.group(1));
        assertTrue(m.find());
        double p99y = Double.parseDouble(m.group(1));
        assertTrue(p99y < p50y, "SVG y grows downwards: the p99 point sits above the p50 one");
    }

    @Test
    void axisEndsOnARoundNumber() {
        assertEquals(500_000, LatencyChart.niceCeiling(312_000));
        assertEquals(250_000, LatencyChart.niceCeiling(201_000));
        assertEquals(1_000, LatencyChart.niceCeiling(1_000));
    }

    @Test
    void namesAreEscaped() {
        String svg = LatencyChart.svg("a<b", List.of(new LatencyChart.Series("x&y", List.of())));
        assertTrue(svg.contains("a&lt;b") && svg.contains("x&amp;y p50"));
    }
}
