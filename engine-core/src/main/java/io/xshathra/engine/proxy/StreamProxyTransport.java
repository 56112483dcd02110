package io.xshathra.engine.proxy;

import io.xshathra.engine.config.ProxyEndpoint;
import java.util.Map;

/**
 * How the engine opens a subscribe stream to a backend (Centrifugo's {@code SubscribeUnidirectional}
 * and {@code SubscribeBidirectional} of {@code proxy.proto}): a client's subscription becomes one
 * long-lived call whose first reply decides the subscription and whose later messages are
 * publications for that client only.
 *
 * <p>Contract: {@link #open} never blocks. The listener is called on a transport thread, one call
 * at a time and in order: exactly one of {@link Listener#onReply} or {@link Listener#onClose}
 * comes first (a close before a reply fails the subscription); after a reply come publications,
 * then at most one close. A reply that does not arrive within the endpoint's timeout closes the
 * stream with a {@link ProxyException} ({@code TIMEOUT}). Flow control: the transport passes on
 * at most {@link #WINDOW} publications the listener has not {@link Call#ack acknowledged}, so a
 * consumer that acknowledges only what it has written holds a bounded number of them.
 */
public interface StreamProxyTransport {

    /** Publications passed on but not yet acknowledged, at most. */
    int WINDOW = 16;

    /** Whether this transport serves the endpoint (gRPC endpoints only, as in Centrifugo). */
    boolean serves(ProxyEndpoint endpoint);

    /**
     * Opens the stream and sends the subscribe request (the first message of a bidirectional one).
     *
     * @param endpoint      the backend
     * @param headers       the connection's forwardable headers
     * @param request       the subscribe request
     * @param bidirectional open {@code SubscribeBidirectional} (client publications go up the stream)
     * @param listener      where the stream's messages go
     * @throws ProxyException when the stream cannot be opened (too many streams, transport closed)
     */
    Call open(ProxyEndpoint endpoint, CallHeaders headers, ProxyRequest.Subscribe request, boolean bidirectional,
              Listener listener);

    /** One open stream. Thread-safe. */
    interface Call {
        /** Sends a client publication up a bidirectional stream; false when it cannot be sent now (closed, or full). */
        boolean publish(byte[] data);

        /** One publication passed to the listener was consumed: the transport may pass on one more. */
        void ack();

        /** Ends the stream (idempotent); the listener hears nothing more that matters. */
        void cancel();
    }

    /** Receives a stream's messages, on a transport thread. */
    interface Listener {
        /** The first message: the backend's decision on the subscription. */
        void onReply(ProxyReply<ProxyResult.Subscribe> reply);

        /** A publication for the client (data as the backend sent it, tags may be empty). */
        void onPublication(byte[] data, Map<String, String> tags);

        /**
         * The stream ended: {@code error} is null when the backend completed it, else why it
         * failed (a {@link ProxyException}, or any other throwable).
         */
        void onClose(Throwable error);
    }
}
