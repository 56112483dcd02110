package io.xshathra.server.warmup;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import javax.management.DynamicMBean;
import javax.management.MBeanOperationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back, once, the memory that starting the server needed and serving it does not: the heap
 * that configuration, migrations and the warm-up grew, and the native memory the JIT compiler
 * freed but the C library kept.
 *
 * <p>The heap: for a moment the JVM is told to keep little free heap ({@code MaxHeapFreeRatio}
 * 10 %), and full collections run until the committed heap stops shrinking (at most
 * {@value #MAX_COLLECTIONS}; the serial collector gives back only part of the excess per
 * collection); then the launch's own ratios are restored, so the heap grows and shrinks under
 * load as configured. The native heap: the JVM's {@code System.trim_native_heap} diagnostic
 * command, where the JVM has it (JDK 17.0.9 and later), asks the C library to return its free
 * memory to the system.
 *
 * <p>Both are best effort: a JVM without these flags or that command is left as it is. Called
 * once, before the server accepts its first client; it takes some tens of milliseconds.
 */
final class MemorySettle {
    private static final Logger LOG = LoggerFactory.getLogger(MemorySettle.class);
    private static final int MAX_COLLECTIONS = 4;
    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";
    private static final String TRIM = "systemTrimNativeHeap";
    private static final String COMMANDS = "com.sun.management.internal.DiagnosticCommandImpl";

    private MemorySettle() {
    }

    /** Shrinks the heap to what is live and trims the native heap; never throws. */
    static void run() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getCommitted();
        shrinkHeap(memory);
        long after = memory.getHeapMemoryUsage().getCommitted();
        boolean trimmed = trimNativeHeap();
        LOG.debug("start-up memory given back: heap {} -> {} MiB committed, native heap {}",
                before >> 20, after >> 20, trimmed ? "trimmed" : "not trimmable on this JVM");
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

    /**
     * The JVM's diagnostic commands are reached without the platform MBean server, whose start
     * alone loads some 250 classes that every server would then carry: the jar's manifest opens
     * the JDK's internal management package to it ({@code Add-Opens}), and the command is invoked
     * on the diagnostic-command MBean directly. Elsewhere (another class path, a JVM without that
     * MBean or the command) nothing is trimmed here; the launcher's periodic trimming
     * ({@code -XX:TrimNativeHeapInterval}) still gives the memory back within seconds.
     */
    private static boolean trimNativeHeap() {
        try {
            Method factory = Class.forName(COMMANDS).getDeclaredMethod("getDiagnosticCommandMBean");
            factory.setAccessible(true);
            DynamicMBean commands = (DynamicMBean) factory.invoke(null);
            for (MBeanOperationInfo op : commands.getMBeanInfo().getOperations()) {
                if (TRIM.equals(op.getName())) {
                    // Commands without options take none; others take their options as one String[].
                    boolean withOptions = op.getSignature().length == 1;
                    commands.invoke(TRIM, withOptions ? new Object[] {new String[0]} : new Object[0],
                            withOptions ? new String[] {String[].class.getName()} : new String[0]);
                    return true;
                }
            }
            return false;
        } catch (Exception | LinkageError e) {
            LOG.debug("native heap not trimmed: {}", e.toString());
            return false;
        }
    }
}
