package io.xshathra.controlplane.usage;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * One hour of one project's usage on one node: 60 minute slots of four figures. Stored as text:
 * for every minute with a figure other than 0, one byte with the minute (0-59) followed by the
 * four figures as unsigned LEB128 varints (connections, publications in, deliveries out, webhook
 * deliveries), the bytes in URL-safe base64 without padding. A quiet minute costs nothing, a
 * busy one about ten bytes. Not thread-safe: its owner guards it.
 */
public final class HourSlots {
    public static final long MINUTE_MS = 60_000;
    public static final long HOUR_MS = 60 * MINUTE_MS;
    static final int MINUTES = 60;
    static final int FIGURES = 4;
    /** Longest encoding: 60 minutes of one byte and four varints of at most 10 bytes, in base64. */
    static final int MAX_ENCODED = (MINUTES * (1 + FIGURES * 10) + 2) / 3 * 4;

    /** [minute * FIGURES + figure]. */
    private final long[] slots = new long[MINUTES * FIGURES];

    /** The start of the hour that contains the time. */
    public static long hourOf(long timeMs) {
        return Math.floorDiv(timeMs, HOUR_MS) * HOUR_MS;
    }

    /** The start of the minute that contains the time. */
    public static long minuteOf(long timeMs) {
        return Math.floorDiv(timeMs, MINUTE_MS) * MINUTE_MS;
    }

    /** The slot (0-59) of the minute that contains the time, within its hour. */
    public static int slotOf(long timeMs) {
        return (int) ((minuteOf(timeMs) - hourOf(timeMs)) / MINUTE_MS);
    }

    /** Adds publications in, deliveries out and webhook deliveries to a minute. */
    public void add(int minute, long publicationsIn, long deliveriesOut, long webhookDeliveries) {
        int at = minute * FIGURES;
        slots[at + 1] += publicationsIn;
        slots[at + 2] += deliveriesOut;
        slots[at + 3] += webhookDeliveries;
    }

    /** Raises a minute's connections to {@code connections} when that is higher; whether it did. */
    public boolean peakConnections(int minute, long connections) {
        int at = minute * FIGURES;
        if (connections <= slots[at]) {
            return false;
        }
        slots[at] = connections;
        return true;
    }

    /** Adds every minute of {@code other} to this (connections included: nodes' peaks add up). */
    public void addAll(HourSlots other) {
        for (int i = 0; i < slots.length; i++) {
            slots[i] += other.slots[i];
        }
    }

    public long connections(int minute) {
        return slots[minute * FIGURES];
    }

    public long publicationsIn(int minute) {
        return slots[minute * FIGURES + 1];
    }

    public long deliveriesOut(int minute) {
        return slots[minute * FIGURES + 2];
    }

    public long webhookDeliveries(int minute) {
        return slots[minute * FIGURES + 3];
    }

    /** The stored form (see the class comment); "" for an hour without any figure. */
    public String encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int m = 0; m < MINUTES; m++) {
            int at = m * FIGURES;
            if ((slots[at] | slots[at + 1] | slots[at + 2] | slots[at + 3]) == 0) {
                continue;
            }
            out.write(m);
            for (int f = 0; f < FIGURES; f++) {
                writeVarint(out, slots[at + f]);
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * Reads the stored form.
     *
     * @throws IllegalArgumentException when it is not one {@link #encode()} writes (too long, bad
     *                                  base64, minutes out of order or out of range, truncated)
     */
    public static HourSlots decode(String text) {
        if (text.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("usage slots longer than " + MAX_ENCODED + " characters");
        }
        byte[] in = Base64.getUrlDecoder().decode(text);
        HourSlots h = new HourSlots();
        int[] pos = {0};
        int previous = -1;
        while (pos[0] < in.length) {
            int m = in[pos[0]++];
            if (m <= previous || m >= MINUTES) {
                throw new IllegalArgumentException("usage slot minute out of order or range: " + m);
            }
            previous = m;
            for (int f = 0; f < FIGURES; f++) {
                h.slots[m * FIGURES + f] = readVarint(in, pos);
            }
        }
        return h;
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        long x = Math.max(0, v);
        while ((x & ~0x7FL) != 0) {
            out.write((int) ((x & 0x7F) | 0x80));
            x >>>= 7;
        }
        out.write((int) x);
    }

    private static long readVarint(byte[] in, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= in.length) {
                throw new IllegalArgumentException("usage slots truncated");
            }
            byte b = in[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("usage slot figure too large");
    }
}
