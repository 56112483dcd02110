package io.xshathra.controlplane.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Generates ULIDs: 48 bits of milliseconds since the epoch then 80 random bits, written as 26
 * characters of Crockford base32 (upper case, no I, L, O or U). Ids made by one generator sort in
 * creation order: within one millisecond the random part is incremented instead of redrawn
 * (the specification's monotonic mode), and a clock that steps back is held at the last time
 * used. Thread-safe.
 */
public final class Ulid {

    /** Length of a ULID in characters. */
    public static final int LENGTH = 26;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long MAX_TIME = (1L << 48) - 1;
    private static final Ulid DEFAULT = new Ulid(Clock.systemUTC(), new SecureRandom());

    private final Clock clock;
    private final SecureRandom random;
    private long lastTime = -1;
    /** The 80 random bits: the top 16 in {@code randomHigh}, the low 64 in {@code randomLow}. */
    private long randomHigh;
    private long randomLow;

    /** A generator on the given clock and randomness. */
    public Ulid(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The process-wide generator on the system clock. */
    public static Ulid generator() {
        return DEFAULT;
    }

    /** A new ULID. */
    public synchronized String next() {
        long now = Math.max(clock.millis(), lastTime);
        if (now > MAX_TIME) {
            throw new IllegalStateException("time beyond the ULID range");
        }
        if (now == lastTime) {
            randomLow++;
            if (randomLow == 0) {
                randomHigh = (randomHigh + 1) & 0xFFFF;
                if (randomHigh == 0) {
                    // 2^80 ids in one millisecond: move to the next millisecond rather than wrap.
                    now++;
                    draw();
                }
            }
        } else {
            draw();
        }
        lastTime = now;
        return encode(now, randomHigh, randomLow);
    }

    private void draw() {
        randomHigh = random.nextInt() & 0xFFFF;
        randomLow = random.nextLong();
    }

    static String encode(long time, long high, long low) {
        char[] out = new char[LENGTH];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 bits = 16 characters: shift through the 128-bit value (high:low) five bits at a time.
        for (int i = LENGTH - 1; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | (high << 59);
            high >>>= 5;
        }
        return new String(out);
    }

    /** True when {@code s} is 26 Crockford base32 characters whose time part fits 48 bits. */
    public static boolean isValid(String s) {
        if (s == null || s.length() != LENGTH || s.charAt(0) > '7') {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The millisecond time stored in a valid ULID. */
    public static long timestamp(String ulid) {
        if (!isValid(ulid)) {
            throw new IllegalArgumentException("not a ULID");
        }
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t = (t << 5) | indexOf(ulid.charAt(i));
        }
        return t;
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
