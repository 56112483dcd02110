package io.xshathra.engine.delta;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Creates deltas in the Fossil SCM delta format, the format centrifuge SDKs apply to
 * publications of {@code delta: "fossil"} subscriptions.
 *
 * <p>The format: the target length, a newline, then commands — {@code <len>@<offset>,} copies
 * {@code len} bytes of the source from {@code offset}; {@code <len>:<bytes>} inserts {@code len}
 * literal bytes — and finally {@code <checksum>;}. Numbers are written most significant digit
 * first in the 64-symbol alphabet {@code 0-9 A-Z _ a-z ~}. The checksum is the sum, modulo 2^32,
 * of the target read as big-endian 32-bit words, with a last partial word padded with zeros on
 * its low side.
 *
 * <p>Matching: the source is cut into {@value #BLOCK}-byte blocks indexed by a rolling hash; a
 * window of the same size slides over the target, and a window whose hash names a source block
 * that really matches is grown forwards and backwards into the longest copy found among the
 * first {@value #MAX_CANDIDATES} candidates. Copies start and end on UTF-8 character boundaries
 * of the target, so that the literal runs between them are whole characters: a delta of valid
 * UTF-8 text is itself valid UTF-8, which the JSON protocol needs to carry it in a string.
 *
 * <p>Stateless and thread-safe.
 */
public final class FossilDelta {
    static final int BLOCK = 16;
    private static final int MAX_CANDIDATES = 64;
    private static final byte[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** BASE^(BLOCK-1), the weight of the byte leaving the rolling window. */
    private static final int BASE = 0x01000193;
    private static final int OUT_WEIGHT = pow(BASE, BLOCK - 1);

    private FossilDelta() {
    }

    /** A delta that turns {@code source} into {@code target}. */
    public static byte[] create(byte[] source, byte[] target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(target.length, 1 << 16) + 16);
        writeInt(out, target.length);
        out.write('\n');
        if (source.length < BLOCK || target.length < BLOCK) {
            if (target.length > 0) {
                literal(out, target, 0, target.length);
            }
        } else {
            encode(out, source, target);
        }
        writeInt(out, checksum(target));
        out.write(';');
        return out.toByteArray();
    }

    private static void encode(ByteArrayOutputStream out, byte[] source, byte[] target) {
        Index index = new Index(source);
        int pos = 0;
        int i = 0;
        int h = hash(target, 0);
        while (i + BLOCK <= target.length) {
            Match m = index.longest(source, target, i, h, pos);
            if (m != null) {
                m = lookAhead(index, source, target, i, h, pos, m);
                if (m.targetStart > pos) {
                    literal(out, target, pos, m.targetStart - pos);
                }
                writeInt(out, m.length);
                out.write('@');
                writeInt(out, m.sourceStart);
                out.write(',');
                pos = m.targetStart + m.length;
                i = pos;
                if (i + BLOCK <= target.length) {
                    h = hash(target, i);
                }
                continue;
            }
            if (i + BLOCK < target.length) {
                h = (h - (target[i] & 0xff) * OUT_WEIGHT) * BASE + (target[i + BLOCK] & 0xff);
            }
            i++;
        }
        if (pos < target.length) {
            literal(out, target, pos, target.length - pos);
        }
    }

    /**
     * Source blocks sit at fixed offsets, so the first window that matches may pick a similar but
     * wrong region. The next {@value #BLOCK} windows are tried too, and the copy reaching furthest
     * into the target wins (backward growth lets a later window cover the same start).
     */
    private static Match lookAhead(Index index, byte[] source, byte[] target, int i, int h, int floor, Match m) {
        Match best = m;
        int rolling = h;
        for (int j = i + 1; j <= i + BLOCK && j + BLOCK <= target.length; j++) {
            rolling = (rolling - (target[j - 1] & 0xff) * OUT_WEIGHT) * BASE + (target[j + BLOCK - 1] & 0xff);
            Match c = index.longest(source, target, j, rolling, floor);
            if (c != null && (end(c) > end(best) || (end(c) == end(best) && c.targetStart < best.targetStart))) {
                best = c;
            }
        }
        return best;
    }

    private static int end(Match m) {
        return m.targetStart + m.length;
    }

    /** A copy of {@code length} bytes from the source at {@code sourceStart} to the target at {@code targetStart}. */
    private record Match(int sourceStart, int targetStart, int length) {
    }

    /** Source block start offsets by block hash, as chains in two arrays. */
    private static final class Index {
        private final int[] heads;
        private final int[] next;
        private final int mask;

        Index(byte[] source) {
            int blocks = source.length / BLOCK;
            int size = Integer.highestOneBit(Math.max(1, blocks) * 2 - 1) << 1;
            heads = new int[size];
            Arrays.fill(heads, -1);
            next = new int[blocks];
            mask = size - 1;
            for (int b = 0; b < blocks; b++) {
                int slot = hash(source, b * BLOCK) & mask;
                next[b] = heads[slot];
                heads[slot] = b;
            }
        }

        /** The longest verified match around target window {@code i}, or null; never reaching back before {@code floor}. */
        Match longest(byte[] source, byte[] target, int i, int h, int floor) {
            Match best = null;
            int tries = 0;
            for (int b = heads[h & mask]; b >= 0 && tries < MAX_CANDIDATES; b = next[b], tries++) {
                int s = b * BLOCK;
                if (!Arrays.equals(source, s, s + BLOCK, target, i, i + BLOCK)) {
                    continue;
                }
                int fwd = BLOCK;
                while (s + fwd < source.length && i + fwd < target.length && source[s + fwd] == target[i + fwd]) {
                    fwd++;
                }
                int back = 0;
                while (i - back > floor && s - back > 0 && source[s - back - 1] == target[i - back - 1]) {
                    back++;
                }
                Match m = onCharBoundaries(target, s - back, i - back, fwd + back);
                if (m != null && (best == null || m.length > best.length)) {
                    best = m;
                }
            }
            return best;
        }
    }

    /** Shrinks a match so it starts and ends on UTF-8 character boundaries of the target; null if too short then. */
    private static Match onCharBoundaries(byte[] target, int sourceStart, int targetStart, int length) {
        int start = targetStart;
        int end = targetStart + length;
        while (start < end && isContinuation(target, start)) {
            start++;
        }
        while (end > start && end < target.length && isContinuation(target, end)) {
            end--;
        }
        int len = end - start;
        // A copy command costs a few bytes; shorter matches are cheaper as literals.
        return len < BLOCK / 2 ? null : new Match(sourceStart + (start - targetStart), start, len);
    }

    private static boolean isContinuation(byte[] b, int i) {
        return (b[i] & 0xC0) == 0x80;
    }

    private static int hash(byte[] b, int from) {
        int h = 0;
        for (int k = 0; k < BLOCK; k++) {
            h = h * BASE + (b[from + k] & 0xff);
        }
        return h;
    }

    private static int pow(int base, int exp) {
        int r = 1;
        for (int k = 0; k < exp; k++) {
            r *= base;
        }
        return r;
    }

    private static void literal(ByteArrayOutputStream out, byte[] target, int from, int length) {
        writeInt(out, length);
        out.write(':');
        out.write(target, from, length);
    }

    /** The Fossil checksum of {@code data} (see the class comment). */
    public static int checksum(byte[] data) {
        int sum = 0;
        int n = data.length & ~3;
        for (int i = 0; i < n; i += 4) {
            sum += ((data[i] & 0xff) << 24) | ((data[i + 1] & 0xff) << 16) | ((data[i + 2] & 0xff) << 8) | (data[i + 3] & 0xff);
        }
        int shift = 24;
        for (int i = n; i < data.length; i++, shift -= 8) {
            sum += (data[i] & 0xff) << shift;
        }
        return sum;
    }

    /** Writes an unsigned 32-bit value in the delta alphabet. */
    static void writeInt(ByteArrayOutputStream out, int value) {
        long v = value & 0xffffffffL;
        byte[] buf = new byte[6];
        int i = buf.length;
        do {
            buf[--i] = DIGITS[(int) (v & 63)];
            v >>>= 6;
        } while (v != 0);
        out.write(buf, i, buf.length - i);
    }
}
