package io.xshathra.engine.token;

/** Renders byte payloads in {@code toString()} as sizes, so logs never carry their content. */
final class Sizes {

    private Sizes() {
    }

    static String of(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
