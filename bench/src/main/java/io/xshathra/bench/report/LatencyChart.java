package io.xshathra.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A latency/throughput chart as a self-contained SVG: for each server, its p50 and p99
 * publish-to-delivery latency (logarithmic axis, ms) against the deliveries per second it reached
 * at each offered rate. Made from measured points only; nothing is smoothed or extrapolated.
 */
public final class LatencyChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS = {"#1f6feb", "#d1495b", "#2a9d8f", "#e9c46a"};

    /** One measured point: deliveries per second reached, and the latency percentiles there (ms). */
    public record Point(double deliveredPerSecond, double p50Millis, double p99Millis) {
    }

    /** The points of one server, in any order. */
    public record Series(String name, List<Point> points) {
    }

    private LatencyChart() {
    }

    /** The SVG document for {@code series} under {@code title}. */
    public static String svg(String title, List<Series> series) {
        double maxRate = 1;
        double minMs = Double.MAX_VALUE;
        double maxMs = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                maxRate = Math.max(maxRate, p.deliveredPerSecond());
                minMs = Math.min(minMs, Math.min(p.p50Millis(), p.p99Millis()));
                maxMs = Math.max(maxMs, Math.max(p.p50Millis(), p.p99Millis()));
            }
        }
        double xMax = niceCeiling(maxRate);
        double yLo = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, minMs == Double.MAX_VALUE ? 0.1 : minMs))));
        double yHi = Math.pow(10, Math.ceil(Math.log10(Math.max(yLo * 10, maxMs))));
        Axes axes = new Axes(xMax, yLo, yHi);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        grid(b, axes);
        for (int i = 0; i < series.size(); i++) {
            String colour = COLOURS[i % COLOURS.length];
            List<Point> pts = sorted(series.get(i).points());
            line(b, axes, pts, true, colour);
            line(b, axes, pts, false, colour);
            legend(b, i, series.get(i).name(), colour);
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private record Axes(double xMax, double yLo, double yHi) {
        double x(double rate) {
            return LEFT + (WIDTH - LEFT - RIGHT) * rate / xMax;
        }

        double y(double ms) {
            double v = Math.max(yLo, Math.min(yHi, ms));
            double f = (Math.log10(v) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo));
            return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * f;
        }
    }

    private static void grid(StringBuilder b, Axes a) {
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        for (int i = 0; i <= 5; i++) {
            double rate = a.xMax() * i / 5;
            double x = a.x(rate);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, y0));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, y0 + 16, thousands(rate)));
        }
        for (double ms = a.yLo(); ms <= a.yHi() * 1.0001; ms *= 10) {
            double y = a.y(ms);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    x0, y, x1, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    x0 - 6, y + 4, trim(ms)));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#555\"/>%n", x0, TOP, x1 - x0, y0 - TOP));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">deliveries per second"
                + " (server on one core)</text>%n", (x0 + x1) / 2, HEIGHT - 20));
        b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\""
                + " text-anchor=\"middle\">publish-to-delivery latency, ms (log)</text>%n",
                (TOP + y0) / 2, (TOP + y0) / 2));
    }

    private static void line(StringBuilder b, Axes a, List<Point> pts, boolean p50, String colour) {
        if (pts.isEmpty()) {
            return;
        }
        StringBuilder path = new StringBuilder();
        for (Point p : pts) {
            double y = a.y(p50 ? p.p50Millis() : p.p99Millis());
            path.append(String.format(Locale.ROOT, "%.1f,%.1f ", a.x(p.deliveredPerSecond()), y));
        }
        String dash = p50 ? "" : " stroke-dasharray=\"6 4\"";
        b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                path.toString().trim(), colour, dash));
        for (Point p : pts) {
            double y = a.y(p50 ? p.p50Millis() : p.p99Millis());
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                    a.x(p.deliveredPerSecond()), y, p50 ? colour : "white"));
        }
    }

    private static void legend(StringBuilder b, int i, String name, String colour) {
        int x = WIDTH - RIGHT + 16;
        int y = TOP + 10 + i * 44;
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                + " stroke-width=\"2\"/>%n", x, y, x + 24, y, colour));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s p50</text>%n", x + 30, y + 4, escape(name)));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                + " stroke-width=\"2\" stroke-dasharray=\"6 4\"/>%n", x, y + 18, x + 24, y + 18, colour));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s p99</text>%n", x + 30, y + 22, escape(name)));
    }

    private static List<Point> sorted(List<Point> points) {
        List<Point> out = new ArrayList<>(points);
        out.sort((p, q) -> Double.compare(p.deliveredPerSecond(), q.deliveredPerSecond()));
        return out;
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String thousands(double v) {
        return v >= 1000 ? trim(v / 1000) + "k" : trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
