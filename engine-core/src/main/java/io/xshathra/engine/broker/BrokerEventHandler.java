package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;

/**
 * Receives what a {@link Broker} delivers for channels this node subscribed to. Called from the
 * broker's delivery thread; for one channel, calls arrive in publication order.
 */
public interface BrokerEventHandler {

    /**
     * A publication; {@code position} is {@link StreamPosition#NONE} for channels without history.
     * {@code previous} is the stream's publication before this one when the publish asked for
     * delta ({@link PublishOptions#delta()}) and the stream had one, else null.
     */
    void handlePublication(String channel, Publication publication, StreamPosition position, Publication previous);

    /**
     * A publication that carries the time it was published (unix milliseconds; 0 = unknown),
     * for the PUB/SUB time lag check of positioned subscribers
     * ({@code client.channel_position_max_time_lag}). Brokers that stamp publications call this
     * one; by default the time is not used.
     */
    default void handlePublication(String channel, Publication publication, StreamPosition position,
                                   Publication previous, long publishedAt) {
        handlePublication(channel, publication, position, previous);
    }

    /** A publication without a previous one (no delta). */
    default void handlePublication(String channel, Publication publication, StreamPosition position) {
        handlePublication(channel, publication, position, null);
    }

    /** A client subscribed to a channel with join/leave enabled. */
    void handleJoin(String channel, ClientInfo info);

    /** A client left a channel with join/leave enabled. */
    void handleLeave(String channel, ClientInfo info);

    /**
     * Deliveries may have been lost: the broker's connection to its storage was interrupted and
     * is back (or was replaced). Positioned subscribers should compare their position with the
     * stream top now rather than at their next periodic check.
     */
    default void handleInterruption() {
    }
}
