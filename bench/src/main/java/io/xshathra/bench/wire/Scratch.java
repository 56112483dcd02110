package io.xshathra.bench.wire;

import io.netty.util.concurrent.FastThreadLocal;

/** Per-thread reusable memory for the decoders: a growable byte array and a payload holder. */
final class Scratch {
    private static final FastThreadLocal<Scratch> LOCAL = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    final Payload.Fields fields = new Payload.Fields();
    final JsonReplyDecoder.Outcome outcome = new JsonReplyDecoder.Outcome();
    private byte[] bytes = new byte[8192];

    static Scratch get() {
        return LOCAL.get();
    }

    byte[] bytes(int length) {
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        return bytes;
    }
}
