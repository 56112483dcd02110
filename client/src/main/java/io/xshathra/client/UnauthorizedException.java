package io.xshathra.client;

/**
 * The server key was not accepted: HTTP 401 {@code unauthorized} (unknown, rotated out after its
 * grace period, or the project was deleted) or 403 {@code forbidden} (a project's public
 * {@code client_api_key} was given instead of its {@code server_api_key}).
 */
public final class UnauthorizedException extends XshathraException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(int status, String code, String message) {
        super(status, code, message, null);
    }
}
