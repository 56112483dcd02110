package io.xshathra.server.config;

import java.time.Duration;

/**
 * Parses Go duration strings as Centrifugo's configuration uses them: an optional sign and a
 * sequence of decimal numbers, each with a unit ({@code ns}, {@code us}/{@code µs}, {@code ms},
 * {@code s}, {@code m}, {@code h}), e.g. {@code "25s"}, {@code "1000ms"}, {@code "720h"},
 * {@code "1m30s"}, {@code "1.5h"}, {@code "-1s"}. A bare {@code "0"} is zero; any other number
 * without a unit is rejected, as Go's {@code time.ParseDuration} does.
 */
public final class GoDuration {

    private static final long MAX_NANOS = Long.MAX_VALUE;

    private GoDuration() {
    }

    /**
     * @throws IllegalArgumentException with a short reason when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw new IllegalArgumentException("invalid duration");
        }
        long total = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("invalid number in duration");
            }
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration");
            }
            total = addExact(total, nanos(number, unitNanos(unit)));
        }
        return Duration.ofNanos(negative ? -total : total);
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1L;
            case "us": case "\u00b5s": case "\u03bcs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration");
        }
    }

    private static long nanos(String number, long unit) {
        int dot = number.indexOf('.');
        String whole = dot < 0 ? number : number.substring(0, dot);
        String fraction = dot < 0 ? "" : number.substring(dot + 1);
        long result = 0;
        if (!whole.isEmpty()) {
            try {
                result = Math.multiplyExact(Long.parseLong(whole), unit);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        // The fraction is scaled digit by digit so "1.5h" stays exact in nanoseconds.
        long scale = unit;
        long part = 0;
        for (int k = 0; k < fraction.length() && scale > 1; k++) {
            scale /= 10;
            part += (fraction.charAt(k) - '0') * scale;
        }
        return addExact(result, part);
    }

    private static long addExact(long a, long b) {
        if (a > MAX_NANOS - b) {
            throw new IllegalArgumentException("duration out of range");
        }
        return a + b;
    }
}
