package io.xshathra.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One byte-level edit of a seed input. Positions and lengths are taken modulo the input's
 * current size, so any list of edits applies to any seed and jqwik can shrink edits and seeds
 * independently (fewer edits, smaller positions, plainer bytes).
 *
 * @param kind  what the edit does
 * @param at    where, modulo the length
 * @param value the byte, the range length or the dictionary index, by kind
 */
public record Mutation(Kind kind, int at, int value) {

    /** The edits a mutational fuzzer usually makes. */
    public enum Kind { SET_BYTE, FLIP_BIT, INSERT_BYTE, DELETE, DUPLICATE, TRUNCATE, INTERESTING, TOKEN }

    /** Bytes that sit on boundaries of the formats under test (UTF-8, varints, JSON, HTTP). */
    private static final byte[] INTERESTING = {0, 1, 0x1f, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0,
        (byte) 0xed, (byte) 0xf4, (byte) 0xf8, (byte) 0xff, '\n', '\r', '"', '\\', '{', '}', '[', ']', ':', ',',
        '%', '&', '=', '+', ';', ' '};

    /** Up to {@code max} edits. */
    public static Arbitrary<List<Mutation>> edits(int max) {
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 255)).as(Mutation::new);
        return one.list().ofMaxSize(max);
    }

    /** Applies the edits in order to a copy of {@code seed}, taking TOKEN inserts from {@code dictionary}. */
    public static byte[] apply(byte[] seed, List<Mutation> edits, List<byte[]> dictionary) {
        byte[] b = seed;
        for (Mutation m : edits) {
            b = m.apply(b, dictionary);
        }
        return b;
    }

    private byte[] apply(byte[] in, List<byte[]> dictionary) {
        int n = in.length;
        int i = n == 0 ? 0 : at % n;
        return switch (kind) {
            case SET_BYTE -> n == 0 ? new byte[] {(byte) value} : with(in, i, (byte) value);
            case FLIP_BIT -> n == 0 ? in : with(in, i, (byte) (in[i] ^ (1 << (value & 7))));
            case INSERT_BYTE -> insert(in, at % (n + 1), new byte[] {(byte) value});
            case DELETE -> n == 0 ? in : delete(in, i, Math.min(n - i, 1 + value % 16));
            case DUPLICATE -> n == 0 ? in : insert(in, i, Arrays.copyOfRange(in, i, Math.min(n, i + 1 + value)));
            case TRUNCATE -> Arrays.copyOf(in, i);
            case INTERESTING -> n == 0 ? in : with(in, i, INTERESTING[value % INTERESTING.length]);
            case TOKEN -> dictionary.isEmpty() ? in : insert(in, at % (n + 1),
                    dictionary.get(value % dictionary.size()));
        };
    }

    /** A dictionary of UTF-8 words. */
    public static List<byte[]> utf8(List<String> words) {
        return words.stream().map(w -> w.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** A dictionary of raw byte strings written as Latin-1 text (one char per byte). */
    public static List<byte[]> latin1(List<String> words) {
        return words.stream().map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }

    private static byte[] with(byte[] in, int i, byte v) {
        byte[] out = in.clone();
        out[i] = v;
        return out;
    }

    private static byte[] insert(byte[] in, int i, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, i);
        System.arraycopy(what, 0, out, i, what.length);
        System.arraycopy(in, i, out, i + what.length, in.length - i);
        return out;
    }

    private static byte[] delete(byte[] in, int i, int len) {
        byte[] out = new byte[in.length - len];
        System.arraycopy(in, 0, out, 0, i);
        System.arraycopy(in, i + len, out, i, in.length - i - len);
        return out;
    }
}
