package io.xshathra.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.xshathra.engine.Node;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.Transport;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection over one long HTTP response: HTTP-streaming and SSE, bidirectional (commands
 * after the first frame arrive through the emulation endpoint) or unidirectional (pushes only,
 * sent bare). Messages queued during one event-loop turn go out as one chunk with one flush. A
 * connection whose unsent bytes pass the channel's high-water mark ({@code client.queue_max_size})
 * is closed with 3008. Closing writes a {@code disconnect} push, then ends the response.
 *
 * <p>Threading: everything runs on the channel's event loop.
 */
final class StreamTransport extends ChannelInboundHandlerAdapter implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTransport.class);
    /** How long the last bytes may take to leave before the socket is dropped. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    /**
     * What kind of stream this is.
     *
     * @param name           transport name for metrics and logs
     * @param framing        how messages are framed
     * @param unidirectional pushes only, without the Reply envelope
     */
    record Kind(String name, StreamFraming framing, boolean unidirectional) {
    }

    private final Node node;
    private final Kind kind;
    private final ProtocolType protocol;
    private final LocalEmulationRouter emulation;
    private final Map<String, java.util.List<String>> query;
    private final String sessionId = UUID.randomUUID().toString();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final Runnable flushTask = this::flushPending;
    private Channel channel;
    private ClientSession session;
    private boolean flushScheduled;
    private boolean closing;

    /** @param emulation where a bidirectional stream registers its session; null for unidirectional ones */
    StreamTransport(Node node, Kind kind, ProtocolType protocol, LocalEmulationRouter emulation,
                    Map<String, java.util.List<String>> query) {
        this.node = node;
        this.kind = kind;
        this.protocol = protocol;
        this.emulation = emulation;
        this.query = query;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        session = node.newSession(this);
        if (emulation != null) {
            emulation.add(sessionId, session);
        }
    }

    ClientSession session() {
        return session;
    }

    @Override
    public ProtocolType protocol() {
        return protocol;
    }

    @Override
    public String name() {
        return kind.name();
    }

    @Override
    public ScheduledExecutorService executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean unidirectional() {
        return kind.unidirectional();
    }

    @Override
    public boolean emulation() {
        return emulation != null;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String queryParam(String name) {
        java.util.List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Nothing is read after the first request: a client may not pipeline on a stream. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.clear();
        forget();
        session.onTransportClosed();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable() && !closing) {
            session.disconnect(Disconnect.SLOW);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {}: {} stream error: {}", session == null ? "-" : session.id(), kind.name(), cause.toString());
        ctx.close();
    }

    @Override
    public void write(byte[] encodedReply) {
        if (closing) {
            return;
        }
        pending.add(encodedReply);
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    private void flushPending() {
        flushScheduled = false;
        if (pending.isEmpty() || !channel.isActive()) {
            pending.clear();
            return;
        }
        channel.writeAndFlush(new DefaultHttpContent(drain()));
    }

    private ByteBuf drain() {
        int size = 0;
        for (byte[] b : pending) {
            size += kind.framing().framedLength(b.length);
        }
        ByteBuf buf = channel.alloc().buffer(size);
        while (!pending.isEmpty()) {
            byte[] b = pending.poll();
            if (kind.unidirectional()) {
                int[] span = StreamFraming.unwrapPush(b);
                kind.framing().append(buf, b, span[0], span[1]);
            } else {
                kind.framing().append(buf, b, 0, b.length);
            }
        }
        return buf;
    }

    @Override
    public void close(Disconnect disconnect) {
        if (closing) {
            return;
        }
        forget();
        if (disconnect.code() == Disconnect.CONNECTION_CLOSED.code() || !channel.isActive()) {
            closing = true;
            pending.clear();
            channel.close();
            return;
        }
        if (disconnect.code() == Disconnect.SLOW.code()) {
            // The client does not read: nothing more can reach it.
            abort();
            return;
        }
        byte[] push = disconnectPush(disconnect);
        if (push != null) {
            pending.add(push);
        }
        flushPending();
        closing = true;
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    private byte[] disconnectPush(Disconnect d) {
        Reply reply = Reply.newBuilder().setPush(Push.newBuilder().setDisconnect(
                io.xshathra.protocol.proto.Disconnect.newBuilder().setCode(d.code()).setReason(d.reason()))).build();
        try {
            return Codec.of(protocol).encodeReply(reply);
        } catch (ProtocolException e) {
            return null;
        }
    }

    @Override
    public void abort() {
        closing = true;
        forget();
        pending.clear();
        channel.close();
    }

    private void forget() {
        if (emulation != null) {
            emulation.remove(sessionId);
        }
    }
}
