package io.xshathra.netty;

import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a transport put on the wire, as the client would read it: the outbound handler closest
 * to the socket decodes every frame or chunk written through it into a {@link Unit} (copying the
 * bytes, so it holds no buffer) and counts flushes; messages are passed on unchanged.
 */
final class WireUnits extends ChannelDuplexHandler {

    /** How the messages inside one data unit are delimited. */
    enum Split {
        /** JSON joined by newlines (WebSocket frames). */
        NEWLINE_JOINED,
        /** JSON each followed by a newline (HTTP-streaming). */
        NEWLINE_TERMINATED,
        /** {@code data: <json>\n\n} events. */
        SSE,
        /** varint-length-delimited Protobuf. */
        VARINT
    }

    enum Type { DATA, PING, CLOSE, END }

    /** One frame or chunk: its messages (data), or the code and reason of a close frame. */
    record Unit(Type type, List<byte[]> messages, int code, String reason) {
        static Unit data(List<byte[]> messages) {
            return new Unit(Type.DATA, messages, 0, null);
        }
    }

    private final Split split;
    /** Inflates compressed frames as a client would (null without permessage-deflate). */
    private final EmbeddedChannel inflater;
    final List<Unit> units = new ArrayList<>();
    int flushes;

    WireUnits(Split split, EmbeddedChannel inflater) {
        this.split = split;
        this.inflater = inflater;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        units.add(decode(msg));
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        flushes++;
        ctx.flush();
    }

    /** The units written so far, forgotten afterwards. */
    List<Unit> take() {
        List<Unit> out = List.copyOf(units);
        units.clear();
        return out;
    }

    private Unit decode(Object msg) {
        if (msg instanceof ByteBuf raw) {
            return rawFrame(raw.duplicate());
        }
        if (msg instanceof CloseWebSocketFrame close) {
            return new Unit(Type.CLOSE, List.of(), close.statusCode(), close.reasonText());
        }
        if (msg instanceof PingWebSocketFrame) {
            return new Unit(Type.PING, List.of(), 0, null);
        }
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
            return Unit.data(messages(payload((WebSocketFrame) msg)));
        }
        if (msg instanceof LastHttpContent) {
            return new Unit(Type.END, List.of(), 0, null);
        }
        if (msg instanceof HttpContent chunk) {
            return Unit.data(messages(ByteBufUtil.getBytes(chunk.content())));
        }
        throw new AssertionError("unexpected outbound message " + msg);
    }

    private byte[] payload(WebSocketFrame frame) {
        if (inflater == null) {
            return ByteBufUtil.getBytes(frame.content());
        }
        inflater.writeInbound(frame.retainedDuplicate());
        WebSocketFrame plain = inflater.readInbound();
        try {
            return ByteBufUtil.getBytes(plain.content());
        } finally {
            plain.release();
        }
    }

    /** A frame built as raw bytes: FIN, no mask, text or binary, shortest length form. */
    private Unit rawFrame(ByteBuf raw) {
        int first = raw.readUnsignedByte();
        if ((first & 0xF0) != 0x80 || ((first & 0x0F) != 1 && (first & 0x0F) != 2)) {
            throw new AssertionError("not a final text or binary frame: " + Integer.toHexString(first));
        }
        int second = raw.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = raw.readUnsignedShort();
        } else if (length == 127) {
            length = raw.readLong();
        }
        if (raw.readableBytes() != length || (second & 0x80) != 0) {
            throw new AssertionError("frame length " + length + " but " + raw.readableBytes() + " bytes, or masked");
        }
        return Unit.data(messages(ByteBufUtil.getBytes(raw)));
    }

    private List<byte[]> messages(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        switch (split) {
            case NEWLINE_JOINED -> {
                for (String m : new String(b, StandardCharsets.UTF_8).split("\n", -1)) {
                    out.add(m.getBytes(StandardCharsets.UTF_8));
                }
            }
            case NEWLINE_TERMINATED -> {
                String s = new String(b, StandardCharsets.UTF_8);
                if (!s.endsWith("\n")) {
                    throw new AssertionError("a JSON line without its newline: " + s);
                }
                for (String m : s.substring(0, s.length() - 1).split("\n", -1)) {
                    out.add(m.getBytes(StandardCharsets.UTF_8));
                }
            }
            case SSE -> {
                String s = new String(b, StandardCharsets.UTF_8);
                for (String event : s.split("\n\n", -1)) {
                    if (event.isEmpty()) {
                        continue;
                    }
                    if (!event.startsWith("data: ")) {
                        throw new AssertionError("not an SSE data event: " + event);
                    }
                    out.add(event.substring(6).getBytes(StandardCharsets.UTF_8));
                }
                if (!s.endsWith("\n\n")) {
                    throw new AssertionError("an SSE event without its blank line: " + s);
                }
            }
            case VARINT -> {
                int at = 0;
                while (at < b.length) {
                    int length = varint(b, at);
                    int prefix = CodedInputStreamSize.of(length);
                    out.add(Arrays.copyOfRange(b, at, at + prefix + length));
                    at += prefix + length;
                }
            }
        }
        return out;
    }

    private static int varint(byte[] b, int at) {
        try {
            return CodedInputStream.newInstance(b, at, b.length - at).readRawVarint32();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Bytes of a varint length prefix. */
    private static final class CodedInputStreamSize {
        static int of(int value) {
            return com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(value);
        }
    }
}
