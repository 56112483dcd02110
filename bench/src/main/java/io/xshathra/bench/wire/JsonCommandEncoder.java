package io.xshathra.bench.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Compact JSON commands written by hand (protocol §2.5: snake_case names, raw JSON for
 * {@code bytes} fields, no {@code id} when zero). One command per line of a frame.
 */
public final class JsonCommandEncoder implements CommandEncoder {
    public static final JsonCommandEncoder INSTANCE = new JsonCommandEncoder();

    private JsonCommandEncoder() {
    }

    @Override
    public boolean binary() {
        return false;
    }

    @Override
    public void connect(ByteBuf out, int id, String token, String name) {
        head(out, id, "connect");
        boolean first = true;
        if (token != null) {
            ascii(out, "\"token\":");
            JsonText.writeString(out, token);
            first = false;
        }
        if (name != null) {
            ascii(out, first ? "\"name\":" : ",\"name\":");
            JsonText.writeString(out, name);
        }
        ascii(out, "}}");
    }

    @Override
    public void subscribe(ByteBuf out, int id, String channel) {
        head(out, id, "subscribe");
        ascii(out, "\"channel\":");
        JsonText.writeString(out, channel);
        ascii(out, "}}");
    }

    @Override
    public void publish(ByteBuf out, int id, String channel, byte[] data, int length) {
        head(out, id, "publish");
        ascii(out, "\"channel\":");
        JsonText.writeString(out, channel);
        ascii(out, ",\"data\":");
        out.writeBytes(data, 0, length);
        ascii(out, "}}");
    }

    @Override
    public void pong(ByteBuf out) {
        ascii(out, "{}");
    }

    @Override
    public void separator(ByteBuf out) {
        out.writeByte('\n');
    }

    private static void head(ByteBuf out, int id, String method) {
        ascii(out, "{\"id\":");
        ascii(out, Integer.toString(id));
        ascii(out, ",\"");
        ascii(out, method);
        ascii(out, "\":{");
    }

    private static void ascii(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
    }
}
