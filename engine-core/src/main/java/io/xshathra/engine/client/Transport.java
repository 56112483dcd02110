package io.xshathra.engine.client;

import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One client connection as the engine sees it. Implemented by the network layer.
 *
 * <p>Threading: every method is called from {@link #executor()} only, the connection's single
 * event loop, which also runs all of the session's timers and deliveries.
 */
public interface Transport {

    /** The encoding negotiated at handshake. */
    ProtocolType protocol();

    /** Transport name for metrics and logs, e.g. {@code websocket}. */
    String name();

    /** The connection's event loop. */
    ScheduledExecutorService executor();

    /**
     * The format pushes reach this connection in ({@link #protocol()}, bare for
     * {@link #unidirectional()} connections). The session encodes every push in it, so the
     * transport writes pushes as given and never unwraps them. Constant for the connection.
     */
    default PushFormat pushFormat() {
        return PushFormat.of(protocol(), unidirectional());
    }

    /**
     * Queues one encoded reply or push (as produced by the connection's codec, pushes in
     * {@link #pushFormat()}). Messages queued in one event-loop turn may be coalesced into one
     * frame. The bytes are never modified and may be shared with other connections. When the
     * queued bytes pass the connection's limit the transport closes itself with
     * {@link Disconnect#SLOW}.
     */
    void write(byte[] encodedReply);

    /**
     * Queues an encoded protocol ping (an empty reply, {@code {}} in JSON). Transports whose
     * clients cannot answer protocol pings (unidirectional WebSocket) add a transport-level ping.
     */
    default void writePing(byte[] encodedPing) {
        write(encodedPing);
    }

    /** Sends what is queued, then closes with the disconnect's code and reason. Idempotent. */
    void close(Disconnect disconnect);

    /** Drops the connection without a closing handshake. Idempotent. */
    void abort();

    /**
     * Stops taking further input from the peer until {@link #resumeReading()} (backpressure: the
     * session has enough commands waiting). Input already received may still arrive. Transports
     * without their own input channel (commands through the emulation endpoint) ignore it.
     * Idempotent.
     */
    default void pauseReading() {
    }

    /** Takes input from the peer again after {@link #pauseReading()}. Idempotent. */
    default void resumeReading() {
    }

    /**
     * Sends a transport-level ping (a WebSocket Ping frame), for clients that asked for them
     * instead of protocol pings. Transports without such frames ignore it.
     */
    default void sendFramePing() {
    }

    /**
     * Whether the client only receives (unidirectional transports): the connect result goes out
     * as a {@code connect} push, a failed connect becomes a disconnect, and no pongs are expected.
     * Pushes reach such a transport without the Reply envelope ({@link #pushFormat()}).
     */
    default boolean unidirectional() {
        return false;
    }

    /**
     * Whether client commands after the first frame arrive out of band, through the emulation
     * endpoint (HTTP-streaming, SSE): the connect result then carries this node's id.
     */
    default boolean emulation() {
        return false;
    }

    /**
     * The session id of an emulation or unidirectional connection (it goes into the connect
     * result), or null for transports without one.
     */
    default String sessionId() {
        return null;
    }

    /** A query parameter of the connection request, or null (transports without a URL have none). */
    default String queryParam(String name) {
        return null;
    }

    /**
     * The connection request's HTTP headers that some proxy forwards (lower-case names; empty when
     * no proxy forwards headers, so nothing is kept per connection then).
     */
    default java.util.Map<String, java.util.List<String>> headers() {
        return java.util.Map.of();
    }

    /**
     * A gRPC connection's metadata that some proxy forwards ({@code grpc_metadata}, lower-case
     * keys); empty for HTTP transports.
     */
    default java.util.Map<String, java.util.List<String>> grpcMetadata() {
        return java.util.Map.of();
    }
}
