package io.xshathra.bench.scenario;

/** The measured part of a run: values are recorded only while it is open. Thread-safe. */
final class Window {
    private volatile boolean open;
    private volatile long openedNanos;
    private volatile long closedNanos;

    void open() {
        openedNanos = System.nanoTime();
        open = true;
    }

    void close() {
        if (open) {
            closedNanos = System.nanoTime();
            open = false;
        }
    }

    boolean isOpen() {
        return open;
    }

    /** Seconds it was open (so far, when still open). */
    double seconds() {
        long end = open ? System.nanoTime() : closedNanos;
        return openedNanos == 0 ? 0 : (end - openedNanos) / 1e9;
    }
}
