package io.xshathra.engine.delta;

import java.io.ByteArrayOutputStream;

/**
 * A strict Fossil delta applier for tests, written from the format description (not from the
 * encoder): it checks every command, the output length and the checksum, as the SDK appliers do.
 */
public final class FossilApply {

    private FossilApply() {
    }

    public static byte[] apply(byte[] source, byte[] delta) {
        Reader r = new Reader(delta);
        int size = r.number();
        r.expect('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        while (r.pos < delta.length) {
            int n = r.number();
            char op = (char) delta[r.pos++];
            switch (op) {
                case '@' -> {
                    int offset = r.number();
                    r.expect(',');
                    if (offset < 0 || n < 0 || (long) offset + n > source.length) {
                        throw new IllegalArgumentException("copy outside the source");
                    }
                    out.write(source, offset, n);
                }
                case ':' -> {
                    if (r.pos + n > delta.length) {
                        throw new IllegalArgumentException("literal past the end");
                    }
                    out.write(delta, r.pos, n);
                    r.pos += n;
                }
                case ';' -> {
                    byte[] result = out.toByteArray();
                    if (result.length != size) {
                        throw new IllegalArgumentException("size mismatch " + result.length + " != " + size);
                    }
                    if (checksum(result) != n) {
                        throw new IllegalArgumentException("checksum mismatch");
                    }
                    if (r.pos != delta.length) {
                        throw new IllegalArgumentException("bytes after the checksum");
                    }
                    return result;
                }
                default -> throw new IllegalArgumentException("unknown command " + op);
            }
            if (out.size() > size) {
                throw new IllegalArgumentException("output larger than announced");
            }
        }
        throw new IllegalArgumentException("unterminated delta");
    }

    /** Written independently of {@link FossilDelta#checksum}: four byte lanes, then the tail. */
    static int checksum(byte[] z) {
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int i = 0;
        for (; i + 4 <= z.length; i += 4) {
            s0 += z[i] & 0xff;
            s1 += z[i + 1] & 0xff;
            s2 += z[i + 2] & 0xff;
            s3 += z[i + 3] & 0xff;
        }
        s3 += (s2 << 8) + (s1 << 16) + (s0 << 24);
        int rest = z.length - i;
        if (rest == 3) {
            s3 += (z[i + 2] & 0xff) << 8;
        }
        if (rest >= 2) {
            s3 += (z[i + 1] & 0xff) << 16;
        }
        if (rest >= 1) {
            s3 += (z[i] & 0xff) << 24;
        }
        return s3;
    }

    private static final class Reader {
        private final byte[] b;
        int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int number() {
            long v = 0;
            int start = pos;
            while (pos < b.length) {
                int d = digit(b[pos]);
                if (d < 0) {
                    break;
                }
                v = (v << 6) | d;
                pos++;
            }
            if (pos == start || v > 0xffffffffL) {
                throw new IllegalArgumentException("bad number at " + start);
            }
            return (int) v;
        }

        void expect(char c) {
            if (pos >= b.length || b[pos] != c) {
                throw new IllegalArgumentException("expected " + c + " at " + pos);
            }
            pos++;
        }

        private static int digit(byte c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'A' && c <= 'Z') {
                return c - 'A' + 10;
            }
            if (c == '_') {
                return 36;
            }
            if (c >= 'a' && c <= 'z') {
                return c - 'a' + 37;
            }
            return c == '~' ? 63 : -1;
        }
    }
}
