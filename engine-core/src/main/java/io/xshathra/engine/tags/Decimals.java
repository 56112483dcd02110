package io.xshathra.engine.tags;

/**
 * Decimal numbers as tag values carry them: an optional sign, digits, and optionally a point
 * followed by one to 19 digits ({@code "105.5"}, {@code "-3"}, {@code "+0.25"}); no exponent, no
 * bare point. Compared as exact decimals straight from the strings, without allocating.
 */
final class Decimals {
    /** Longest string taken as a number: longer ones never compare. */
    static final int MAX_LENGTH = 200;
    private static final int MAX_FRACTION_DIGITS = 19;

    private Decimals() {
    }

    /** Whether {@code s} is a decimal number in the accepted form. */
    static boolean valid(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        int i = sign(s) ? 1 : 0;
        int intStart = i;
        while (i < n && digit(s.charAt(i))) {
            i++;
        }
        if (i == intStart) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        int fracStart = ++i;
        while (i < n && digit(s.charAt(i))) {
            i++;
        }
        int fraction = i - fracStart;
        return i == n && fraction >= 1 && fraction <= MAX_FRACTION_DIGITS;
    }

    /** Compares two {@linkplain #valid valid} decimals: negative, zero or positive. */
    static int compare(String a, String b) {
        boolean negA = a.charAt(0) == '-' && !isZero(a);
        boolean negB = b.charAt(0) == '-' && !isZero(b);
        if (negA != negB) {
            return negA ? -1 : 1;
        }
        int m = compareMagnitude(a, b);
        return negA ? -m : m;
    }

    private static int compareMagnitude(String a, String b) {
        int ia = firstSignificant(a);
        int ib = firstSignificant(b);
        int endA = integerEnd(a);
        int endB = integerEnd(b);
        int lenA = endA - ia;
        int lenB = endB - ib;
        if (lenA != lenB) {
            return lenA < lenB ? -1 : 1;
        }
        for (int k = 0; k < lenA; k++) {
            int c = Character.compare(a.charAt(ia + k), b.charAt(ib + k));
            if (c != 0) {
                return c;
            }
        }
        // Fractions digit by digit, a missing digit counting as 0.
        for (int pa = endA + 1, pb = endB + 1; pa < a.length() || pb < b.length(); pa++, pb++) {
            char da = pa < a.length() ? a.charAt(pa) : '0';
            char db = pb < b.length() ? b.charAt(pb) : '0';
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    /** Index of the first non-zero digit of the integer part (its end when the part is all zeros). */
    private static int firstSignificant(String s) {
        int i = sign(s) ? 1 : 0;
        int end = integerEnd(s);
        while (i < end && s.charAt(i) == '0') {
            i++;
        }
        return i;
    }

    private static int integerEnd(String s) {
        int dot = s.indexOf('.');
        return dot < 0 ? s.length() : dot;
    }

    private static boolean isZero(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean sign(String s) {
        char c = s.charAt(0);
        return c == '-' || c == '+';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
