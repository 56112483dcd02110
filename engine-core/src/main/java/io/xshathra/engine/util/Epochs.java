package io.xshathra.engine.util;

import java.security.SecureRandom;

/** Stream epochs: 8 random ASCII letters, as Centrifugo generates them. */
public final class Epochs {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private Epochs() {
    }

    public static String generate() {
        char[] out = new char[8];
        for (int i = 0; i < out.length; i++) {
            out[i] = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
        }
        return new String(out);
    }
}
