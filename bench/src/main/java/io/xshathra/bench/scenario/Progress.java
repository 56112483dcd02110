package io.xshathra.bench.scenario;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints one progress line on stderr every second, from its own daemon thread. */
final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-progress");
        t.setDaemon(true);
        return t;
    });
    private final long started = System.nanoTime();
    private volatile Supplier<String> line = () -> "";

    Progress(PrintWriter err, String scenario) {
        timer.scheduleAtFixedRate(() -> {
            String text;
            try {
                text = line.get();
            } catch (RuntimeException e) {
                text = "(progress unavailable: " + e.getMessage() + ")";
            }
            err.printf(Locale.ROOT, "[%4.0fs] %s: %s%n", (System.nanoTime() - started) / 1e9, scenario, text);
            err.flush();
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Switches what the progress line says (each phase has its own). */
    void show(Supplier<String> supplier) {
        line = supplier;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
