package io.xshathra.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The Protobuf framing of the bidirectional WebSocket: each message prefixed by its varint
 * length, any number of messages per WebSocket message. Reads replies from a {@link WsClient}
 * across frame boundaries.
 */
public final class ProtoFrames {
    private final WsClient ws;
    private final ArrayDeque<Reply> pending = new ArrayDeque<>();

    public ProtoFrames(WsClient ws) {
        this.ws = ws;
    }

    /** One WebSocket message carrying the commands in order. */
    public static byte[] frame(Command... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Command c : commands) {
                c.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every reply of one binary WebSocket message; fails if the bytes are not exactly that. */
    public static List<Reply> parse(byte[] frame) {
        ByteArrayInputStream in = new ByteArrayInputStream(frame);
        List<Reply> replies = new ArrayList<>();
        try {
            while (in.available() > 0) {
                Reply r = Reply.parseDelimitedFrom(in);
                if (r == null) {
                    throw new AssertionError("truncated frame");
                }
                replies.add(r);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not varint-delimited replies: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return replies;
    }

    /** The next reply, pings included, taking the next binary message when needed. */
    public Reply next() {
        while (pending.isEmpty()) {
            pending.addAll(parse(ws.nextBinary()));
        }
        return pending.poll();
    }

    /** The next reply that is not a ping (an empty reply). */
    public Reply nextNonPing() {
        Reply r = next();
        while (r.equals(Reply.getDefaultInstance())) {
            r = next();
        }
        return r;
    }
}
