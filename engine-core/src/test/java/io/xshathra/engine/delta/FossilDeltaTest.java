package io.xshathra.engine.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class FossilDeltaTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void roundTrip(byte[] source, byte[] target) {
        byte[] delta = FossilDelta.create(source, target);
        assertThat(FossilApply.apply(source, delta)).isEqualTo(target);
    }

    @Test
    void knownSmallDeltas() {
        // Shorter than a block: the whole target as a literal.
        assertThat(new String(FossilDelta.create(utf8("abc"), utf8("abd")), StandardCharsets.US_ASCII))
                .isEqualTo("3\n3:abd" + checksumText(utf8("abd")) + ";");
        assertThat(new String(FossilDelta.create(utf8("x"), new byte[0]), StandardCharsets.US_ASCII))
                .isEqualTo("0\n0;");
    }

    private static String checksumText(byte[] b) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        FossilDelta.writeInt(out, FossilDelta.checksum(b));
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void integersUseTheFossilAlphabet() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        FossilDelta.writeInt(out, 0);
        out.write(' ');
        FossilDelta.writeInt(out, 63);
        out.write(' ');
        FossilDelta.writeInt(out, 64);
        out.write(' ');
        FossilDelta.writeInt(out, 1000);
        out.write(' ');
        FossilDelta.writeInt(out, -1);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("0 ~ 10 Fd 3~~~~~");
    }

    @Test
    void checksumsAgreeWithTheIndependentOne() {
        Random r = new Random(7);
        for (int len = 0; len < 40; len++) {
            byte[] b = new byte[len];
            r.nextBytes(b);
            assertThat(FossilDelta.checksum(b)).as("length " + len).isEqualTo(FossilApply.checksum(b));
        }
    }

    @Test
    void slightlyChangedJsonGivesASmallDelta() {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 60; i++) {
            sb.append("{\"id\":").append(i).append(",\"name\":\"item number ").append(i).append("\"},");
        }
        String a = sb.append("{\"end\":true}]}").toString();
        String b = a.replace("item number 30\"", "item number thirty\"");
        byte[] delta = FossilDelta.create(utf8(a), utf8(b));
        assertThat(delta.length).isLessThan(60);
        roundTrip(utf8(a), utf8(b));
    }

    @Test
    void deltasOfUtf8TextAreUtf8() throws CharacterCodingException {
        String a = "{\"text\":\"" + "Привет, мир! Ηλιοβασίλεμα 日本語のテキスト 🎉".repeat(20) + "\"}";
        String b = a.replace("мир", "миР").replace("日本", "日木").replace("🎉", "🎊");
        byte[] delta = FossilDelta.create(utf8(a), utf8(b));
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(delta));
        roundTrip(utf8(a), utf8(b));
    }

    @RepeatedTest(200)
    void randomEditsRoundTrip(org.junit.jupiter.api.RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition() * 7919L);
        byte[] source = new byte[r.nextInt(5000)];
        if (r.nextBoolean()) {
            r.nextBytes(source);
        } else {
            for (int i = 0; i < source.length; i++) {
                source[i] = (byte) ('a' + r.nextInt(4));
            }
        }
        roundTrip(source, mutate(source, r));
        roundTrip(mutate(source, r), source);
        byte[] unrelated = new byte[r.nextInt(300)];
        r.nextBytes(unrelated);
        roundTrip(source, unrelated);
    }

    @RepeatedTest(50)
    void randomUtf8EditsGiveUtf8Deltas(org.junit.jupiter.api.RepetitionInfo info) throws CharacterCodingException {
        Random r = new Random(info.getCurrentRepetition() * 31L);
        String alphabet = "abc ЖЗИ日本語🎉\"\\\n";
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            a.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, r.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        StringBuilder b = new StringBuilder(a);
        for (int k = 0; k < 10; k++) {
            int at = r.nextInt(b.length());
            if (Character.isLowSurrogate(b.charAt(at))) {
                at--;
            }
            b.insert(at, "Ω€x");
        }
        byte[] delta = FossilDelta.create(utf8(a.toString()), utf8(b.toString()));
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(delta));
        assertThat(FossilApply.apply(utf8(a.toString()), delta)).isEqualTo(utf8(b.toString()));
    }

    private static byte[] mutate(byte[] in, Random r) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int run = 1 + r.nextInt(200);
            switch (r.nextInt(4)) {
                case 0 -> i += run;
                case 1 -> {
                    byte[] ins = new byte[r.nextInt(20)];
                    r.nextBytes(ins);
                    out.writeBytes(ins);
                }
                default -> {
                    int n = Math.min(run, in.length - i);
                    out.write(in, i, n);
                    i += n;
                }
            }
        }
        return out.toByteArray();
    }
}
