package io.xshathra.client;

/**
 * The server could not serve the request now (HTTP 503 {@code unavailable}): its database or the
 * engine is away, or its token settings allow no token it can sign (the message names the
 * setting). A retry later may succeed; the latter case needs the operator.
 */
public final class UnavailableException extends XshathraException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String code, String message) {
        super(503, code, message, null);
    }
}
