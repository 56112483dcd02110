package io.xshathra.protocol;

/**
 * A frame could not be decoded, or a reply could not be encoded for the connection's protocol.
 * The connection is closed with {@link #disconnect()}: 3501 for undecodable input, 3506 when a
 * payload cannot be represented in JSON.
 */
public final class ProtocolException extends Exception {
    private final transient Disconnect disconnect;

    public ProtocolException(Disconnect disconnect, String detail) {
        super(detail);
        this.disconnect = disconnect;
    }

    public ProtocolException(Disconnect disconnect, String detail, Throwable cause) {
        super(detail, cause);
        this.disconnect = disconnect;
    }

    /** The disconnect that this failure causes. */
    public Disconnect disconnect() {
        return disconnect;
    }
}
