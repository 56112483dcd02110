package io.xshathra.protocol.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Book-keeping of one fuzz target: counts every input by outcome, fails an input that takes
 * longer than {@code fuzz.inputMillis} (default 10000), and prints one {@code FUZZ} line with the
 * figures when closed. A watchdog thread catches what a per-input check cannot: an input still
 * running after {@code fuzz.hangSeconds} (default 120) is printed with the stuck thread's stack,
 * and the JVM is halted, because a looping decoder cannot be stopped from outside and the run
 * must not pass. The time reported runs from the first to the last input counted.
 *
 * <p>One thread feeds a target at a time.
 */
public final class FuzzTarget implements AutoCloseable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Map<FuzzTarget, Boolean> ACTIVE = new ConcurrentHashMap<>();

    static {
        WATCHDOG.scheduleWithFixedDelay(FuzzTarget::watch, 1, 1, TimeUnit.SECONDS);
    }

    private final String name;
    private final long inputLimitNanos = TimeUnit.MILLISECONDS.toNanos(Long.getLong("fuzz.inputMillis", 10000));
    private final long hangNanos = TimeUnit.SECONDS.toNanos(Long.getLong("fuzz.hangSeconds", 120));
    private final long budgetNanos = TimeUnit.SECONDS.toNanos(Long.getLong("fuzz.seconds", 0));
    private final long started = System.nanoTime();
    private long lastInput = started;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private long inputs;
    private long slowestNanos;
    private volatile byte[] current;
    private volatile long currentSince;
    private volatile Thread feeder;

    private FuzzTarget(String name) {
        this.name = name;
    }

    /** Starts counting a target. */
    public static FuzzTarget open(String name) {
        FuzzTarget t = new FuzzTarget(name);
        ACTIVE.put(t, Boolean.TRUE);
        return t;
    }

    /**
     * An input starts; {@code input} is what the watchdog prints if it never ends. Returns false,
     * and counts nothing, once the target has used its time budget ({@code fuzz.seconds}, default
     * unlimited): the remaining tries of a campaign then pass through without work.
     */
    public boolean begin(byte[] input) {
        if (budgetNanos > 0 && System.nanoTime() - started > budgetNanos) {
            return false;
        }
        feeder = Thread.currentThread();
        current = input;
        currentSince = System.nanoTime();
        return true;
    }

    /**
     * The input ended with {@code outcome} (a short label such as "decoded" or "3501").
     *
     * @throws AssertionError when it took longer than the per-input limit
     */
    public void end(String outcome) {
        long took = System.nanoTime() - currentSince;
        byte[] input = current;
        current = null;
        inputs++;
        lastInput = System.nanoTime();
        outcomes.merge(outcome, 1L, Long::sum);
        slowestNanos = Math.max(slowestNanos, took);
        if (took > inputLimitNanos) {
            throw new AssertionError(name + ": one input took " + TimeUnit.NANOSECONDS.toMillis(took)
                    + " ms: " + hex(input));
        }
    }

    /** Inputs counted so far. */
    public long inputs() {
        return inputs;
    }

    /** How many inputs ended with this outcome. */
    public long count(String outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    @Override
    public void close() {
        ACTIVE.remove(this);
        double seconds = (lastInput - started) / 1e9;
        System.out.printf("FUZZ %s: %d inputs in %.1f s (%.0f/s), slowest %.1f ms, outcomes %s%n", name, inputs,
                seconds, inputs / Math.max(seconds, 1e-9), slowestNanos / 1e6, outcomes);
    }

    private static void watch() {
        for (FuzzTarget t : ACTIVE.keySet()) {
            byte[] input = t.current;
            if (input != null && System.nanoTime() - t.currentSince > t.hangNanos) {
                System.err.println("FUZZ HANG in " + t.name + " on input " + hex(input));
                ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.feeder.getId(), 64);
                System.err.println(info);
                for (StackTraceElement e : t.feeder.getStackTrace()) {
                    System.err.println("    at " + e);
                }
                System.err.flush();
                Runtime.getRuntime().halt(86);
            }
        }
    }

    /** Hex of an input, cut at 4 KiB. */
    public static String hex(byte[] input) {
        if (input == null) {
            return "<none>";
        }
        int n = Math.min(input.length, 4096);
        return input.length + " bytes: " + HexFormat.of().formatHex(input, 0, n) + (n < input.length ? "..." : "");
    }
}
