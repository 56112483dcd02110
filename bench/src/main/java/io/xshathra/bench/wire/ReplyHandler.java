package io.xshathra.bench.wire;

/**
 * Receives what a {@link ReplyDecoder} finds in a frame, in frame order, on the decoding thread.
 * Arguments are only valid during the call (holders are reused).
 */
public interface ReplyHandler {

    /** A server ping (an empty reply). */
    void onPing();

    /** The successful reply to {@code connect}; {@code pong} says whether pings must be answered. */
    void onConnected(int id, boolean pong);

    /** A successful reply other than {@code connect} (subscribe, publish, ...). */
    void onResult(int id);

    /** An error reply. */
    void onError(int id, int code, String message);

    /**
     * A publication push. {@code recognised} is false when its data is not a bench payload;
     * {@code payload} then holds -1s.
     */
    void onPublication(Payload.Fields payload, boolean recognised);

    /** The server unsubscribed this connection from a channel. */
    void onUnsubscribe(int code, String reason);

    /** A disconnect push (only sent on non-WebSocket transports, handled for completeness). */
    void onDisconnect(int code, String reason);

    /** Any other push (join, leave, message, refresh, ...), ignored by the bench. */
    void onOtherPush();
}
