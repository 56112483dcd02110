package io.xshathra.client;

/**
 * A channel's namespace is not configured on the server (HTTP 400 {@code unknown_namespace});
 * {@link #field()} names the field that held the channel. Nothing was signed or published.
 */
public final class UnknownNamespaceException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public UnknownNamespaceException(int status, String message, String field) {
        super(status, "unknown_namespace", message, field);
    }
}
