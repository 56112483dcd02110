package io.xshathra.server.warmup;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back, once, the heap that starting the server needed and serving it does not: what
 * configuration, migrations and the warm-up grew. For a moment the JVM is told to keep little free
 * heap ({@code MaxHeapFreeRatio} 10 %), and full collections run until the committed heap stops
 * shrinking (at most {@value #MAX_COLLECTIONS}; the serial collector gives back only part of the
 * excess per collection); then the launch's own ratios are restored, so the heap grows and
 * shrinks under load as configured.
 *
 * <p>Native memory is left to the JVM: the C library's free memory is returned by the launcher's
 * periodic trimming ({@code -XX:TrimNativeHeapInterval}), and the JIT compiler's scratch memory
 * is pooled by the JVM until its own cleaning, which no trim reaches sooner.
 *
 * <p>Best effort: a JVM without these flags is left as it is. Called once, before the server
 * accepts its first client; it takes some tens of milliseconds.
 */
final class MemorySettle {
    private static final Logger LOG = LoggerFactory.getLogger(MemorySettle.class);
    private static final int MAX_COLLECTIONS = 4;
    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private MemorySettle() {
    }

    /** Shrinks the heap to what is live; never throws. */
    static void run() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getCommitted();
        shrinkHeap(memory);
        long after = memory.getHeapMemoryUsage().getCommitted();
        LOG.debug("start-up heap given back: {} -> {} MiB committed", before >> 20, after >> 20);
    }

    private static void shrinkHeap(MemoryMXBean memory) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min;
        String max;
        try {
            min = hotspot.getVMOption(MIN_FREE).getValue();
            max = hotspot.getVMOption(MAX_FREE).getValue();
            // The minimum first: the JVM refuses a maximum below the current minimum.
            hotspot.setVMOption(MIN_FREE, "0");
            hotspot.setVMOption(MAX_FREE, "10");
        } catch (RuntimeException e) {
            // Not a HotSpot JVM, or the flags are not writable here: one collection as before.
            System.gc();
            return;
        }
        try {
            long committed = Long.MAX_VALUE;
            for (int i = 0; i < MAX_COLLECTIONS; i++) {
                System.gc();
                long now = memory.getHeapMemoryUsage().getCommitted();
                if (now >= committed) {
                    break;
                }
                committed = now;
            }
        } finally {
            try {
                hotspot.setVMOption(MAX_FREE, max);
                hotspot.setVMOption(MIN_FREE, min);
            } catch (RuntimeException e) {
                LOG.warn("could not restore the heap's free ratios ({}={}, {}={}): {}", MIN_FREE, min, MAX_FREE, max,
                        e.toString());
            }
        }
    }
}
