package io.xshathra.protocol.json;

import io.xshathra.protocol.Codec;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * Centrifugo's JSON protocol: one JSON object per message, messages of a frame separated by
 * {@code '\n'}, snake_case field names, and {@code bytes} fields embedded as raw JSON rather than
 * base64 (so JSON connections can only carry JSON payloads). This is not protobuf's JsonFormat.
 *
 * <p>Decoding splits the frame on {@code '\n'} (one trailing newline is tolerated) and requires
 * every line to hold exactly one JSON object; any other input fails with 3501. Strings must be
 * valid UTF-8. Encoding omits empty fields as Centrifugo does, writes raw payloads with their
 * newline bytes removed, and fails with 3506 when a payload is not valid JSON.
 *
 * <p>Stateless and thread-safe; encoding reuses a per-thread buffer.
 */
public final class JsonCodec implements Codec {
    public static final JsonCodec INSTANCE = new JsonCodec();

    /** Per-thread buffers larger than this are not kept after use. */
    private static final int MAX_RETAINED_BUFFER = 64 * 1024;
    private static final ThreadLocal<JsonWriter> WRITER =
            ThreadLocal.withInitial(() -> new JsonWriter(1024));

    private JsonCodec() {
    }

    @Override
    public ProtocolType type() {
        return ProtocolType.JSON;
    }

    @Override
    public List<Command> decodeCommands(byte[] frame) throws ProtocolException {
        int end = frame.length;
        if (end > 0 && frame[end - 1] == '\n') {
            end--;
        }
        List<Command> commands = new ArrayList<>(2);
        try {
            int start = 0;
            while (true) {
                int newline = indexOf(frame, (byte) '\n', start, end);
                int lineEnd = newline < 0 ? end : newline;
                commands.add(CommandJsonReader.read(frame, start, lineEnd));
                if (newline < 0) {
                    return commands;
                }
                start = newline + 1;
            }
        } catch (RuntimeException e) {
            // Defence in depth: whatever the input, a client must only ever cause a 3501.
            throw new ProtocolException(Disconnect.BAD_REQUEST, "undecodable JSON frame", e);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public byte[] encodeReply(Reply reply) throws ProtocolException {
        JsonWriter w = writer();
        try {
            ReplyJsonWriter.reply(w, reply);
            return w.toByteArray();
        } finally {
            release(w);
        }
    }

    /**
     * Encodes a push on its own, without the Reply envelope, as unidirectional transports send
     * it (e.g. {@code {"channel":"news","pub":{"data":{"v":1}}}}).
     *
     * @throws ProtocolException 3506 when a payload is not valid JSON
     */
    public byte[] encodePush(Push push) throws ProtocolException {
        JsonWriter w = writer();
        try {
            PushJsonWriter.push(w, push);
            return w.toByteArray();
        } finally {
            release(w);
        }
    }

    private static JsonWriter writer() {
        JsonWriter w = WRITER.get();
        w.reset();
        return w;
    }

    private static void release(JsonWriter w) {
        if (w.capacity() > MAX_RETAINED_BUFFER) {
            WRITER.remove();
        }
    }

    @Override
    public int separator() {
        return '\n';
    }
}
