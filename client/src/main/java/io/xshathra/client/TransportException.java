package io.xshathra.client;

/**
 * No answer from the server: the connection was refused or broke, or (subclass
 * {@link RequestTimeoutException}) the answer did not come in time. Status 0. Whether a publish
 * took effect is then unknown: repeat it with the same {@code idempotencyKey} to be safe.
 */
public class TransportException extends XshathraException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message, Throwable cause) {
        super(0, TRANSPORT, message, null, cause);
    }

    TransportException(String code, String message, Throwable cause) {
        super(0, code, message, null, cause);
    }
}
