package io.xshathra.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.xshathra.engine.Node;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.client.Transport;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Push;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One uni_grpc connection: a server stream whose messages are bare Protobuf pushes.
 *
 * <p>Flow control. A message goes to gRPC only while the stream is ready (the peer's HTTP/2
 * window has room); otherwise it waits in this connection's queue, drained when gRPC reports the
 * stream ready again. When the waiting bytes pass {@code client.queue_max_size} the connection is
 * closed as slow (3008), its queue dropped, as on every other transport.
 *
 * <p>Closing. A disconnect sends what is queued, then a {@code disconnect} push, then ends the
 * stream with status OK (within five seconds, else the call is cancelled); a slow connection gets
 * neither the queue nor the push; a peer that went away gets nothing.
 *
 * <p>Threading: everything runs on the connection's loop ({@link #executor()}); gRPC's
 * readiness and cancellation callbacks hop there.
 */
final class UniGrpcTransport implements Transport {
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ScheduledExecutorService loop;
    private final ServerCallStreamObserver<PushBytes> out;
    private final long queueMaxBytes;
    private final String sessionId = UUID.randomUUID().toString();
    private final ArrayDeque<PushBytes> queue = new ArrayDeque<>();
    private long queuedBytes;
    private ClientSession session;
    /** No more messages are taken; the stream ends once the queue is sent. */
    private boolean closing;
    /** The call is over (ended by us or cancelled by the peer): gRPC takes nothing more. */
    private boolean ended;
    /** Cancels the call if a graceful close has not ended it in time; null when none is pending. */
    private ScheduledFuture<?> closeDeadline;

    UniGrpcTransport(ScheduledExecutorService loop, ServerCallStreamObserver<PushBytes> out, long queueMaxBytes) {
        this.loop = loop;
        this.out = out;
        this.queueMaxBytes = queueMaxBytes;
        // gRPC takes these only while the call is being started, so they are set here, off the loop.
        out.setOnCancelHandler(() -> loop.execute(this::cancelled));
        out.setOnReadyHandler(() -> loop.execute(this::drain));
    }

    /** Creates the session on the loop and runs the connect. */
    void start(Node node, ConnectRequest connect) {
        loop.execute(() -> {
            session = node.newSession(this);
            if (ended) {
                session.onTransportClosed();
                return;
            }
            session.connectUnidirectional(connect);
        });
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.PROTOBUF;
    }

    @Override
    public PushFormat pushFormat() {
        return PushFormat.PROTOBUF_BARE;
    }

    @Override
    public String name() {
        return "uni_grpc";
    }

    @Override
    public ScheduledExecutorService executor() {
        return loop;
    }

    @Override
    public boolean unidirectional() {
        return true;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    /**
     * The session's bytes are varint-delimited pushes: each becomes one stream message, without
     * its length. The messages are views of the given bytes, which the session may share with
     * every other connection: nothing is copied.
     */
    @Override
    public void write(byte[] encoded) {
        if (closing) {
            return;
        }
        int pos = 0;
        while (pos < encoded.length) {
            long len = 0;
            int shift = 0;
            byte b;
            do {
                b = encoded[pos++];
                len |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0 && pos < encoded.length && shift < 35);
            int end = (int) Math.min(encoded.length, pos + len);
            enqueue(new PushBytes(encoded, pos, end - pos));
            pos = end;
        }
        if (queuedBytes > queueMaxBytes && !closing) {
            session.disconnect(Disconnect.SLOW);
            return;
        }
        drain();
    }

    private void enqueue(PushBytes message) {
        queue.add(message);
        queuedBytes += message.length();
    }

    /** Hands queued messages to gRPC while the stream is ready; ends the stream once a close has sent all. */
    private void drain() {
        if (ended) {
            return;
        }
        while (!queue.isEmpty() && out.isReady()) {
            PushBytes m = queue.poll();
            queuedBytes -= m.length();
            out.onNext(m);
        }
        if (closing && queue.isEmpty()) {
            ended = true;
            if (closeDeadline != null) {
                closeDeadline.cancel(false);
            }
            out.onCompleted();
        }
    }

    @Override
    public void close(Disconnect disconnect) {
        if (closing) {
            return;
        }
        closing = true;
        if (ended) {
            return;
        }
        if (disconnect.code() == Disconnect.CONNECTION_CLOSED.code() || disconnect.code() == Disconnect.SLOW.code()) {
            queue.clear();
            queuedBytes = 0;
        } else {
            byte[] push = Push.newBuilder().setDisconnect(io.xshathra.protocol.proto.Disconnect.newBuilder()
                    .setCode(disconnect.code()).setReason(disconnect.reason())).build().toByteArray();
            enqueue(new PushBytes(push, 0, push.length));
            closeDeadline = loop.schedule(this::abort, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        drain();
    }

    @Override
    public void abort() {
        closing = true;
        queue.clear();
        queuedBytes = 0;
        if (!ended) {
            ended = true;
            out.onError(Status.CANCELLED.withDescription("connection closed").asRuntimeException());
        }
    }

    /** The peer cancelled the call or went away. */
    private void cancelled() {
        closing = true;
        ended = true;
        queue.clear();
        queuedBytes = 0;
        if (session != null) {
            session.onTransportClosed();
        }
    }
}
