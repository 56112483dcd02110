package io.xshathra.client;

/**
 * The connection could not be made within the connect timeout, or the whole answer did not
 * arrive within the request timeout ({@link XshathraClient.Builder#timeout}). The request is
 * abandoned; it may still have taken effect on the server.
 */
public final class RequestTimeoutException extends TransportException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message, Throwable cause) {
        super(TIMEOUT, message, cause);
    }
}
