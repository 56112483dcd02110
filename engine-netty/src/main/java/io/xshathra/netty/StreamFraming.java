package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.xshathra.protocol.Disconnect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * How the HTTP streaming transports put messages on the wire. Every message is complete on
 * its own, so all the messages of one batch share one chunk. The stream ends with the last
 * (empty) chunk, after which the connection closes.
 */
enum StreamFraming implements Framing {
    /** HTTP-streaming, JSON: each message followed by a newline (the last one too). */
    JSON_LINES,
    /** HTTP-streaming, Protobuf: each message already carries its varint length prefix. */
    PROTOBUF,
    /** Server-sent events: {@code data: <json>} and a blank line per message. */
    SSE;

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    /** Bytes one message of {@code length} bytes occupies. */
    int framedLength(int length) {
        return switch (this) {
            case JSON_LINES -> length + 1;
            case PROTOBUF -> length;
            case SSE -> DATA.length + length + 2;
        };
    }

    /** Appends one framed message. */
    void append(ByteBuf out, byte[] message) {
        switch (this) {
            case JSON_LINES -> {
                out.writeBytes(message);
                out.writeByte('\n');
            }
            case PROTOBUF -> out.writeBytes(message);
            case SSE -> {
                out.writeBytes(DATA);
                out.writeBytes(message);
                out.writeByte('\n');
                out.writeByte('\n');
            }
        }
    }

    @Override
    public void writeBatch(ChannelHandlerContext ctx, ArrayDeque<byte[]> queue) {
        int size = 0;
        for (byte[] b : queue) {
            size += framedLength(b.length);
        }
        ByteBuf buf = ctx.alloc().buffer(size);
        while (!queue.isEmpty()) {
            append(buf, queue.poll());
        }
        ctx.write(new DefaultHttpContent(buf), ctx.voidPromise());
    }

    @Override
    public Object end(Disconnect disconnect) {
        return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    @Override
    public boolean closeWhenEndWritten() {
        return true;
    }

    @Override
    public boolean endsSlowConsumers() {
        return false;
    }

    @Override
    public boolean disconnectPushInBatch() {
        return true;
    }
}
