package io.xshathra.client;

/**
 * The request was too large (HTTP 413): {@code payload_too_large} when the publication's data is
 * over the engine's message size limit, {@code body_too_large} when the whole body is over the
 * endpoint's limit. The message states the limit.
 */
public final class PayloadTooLargeException extends XshathraException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String code, String message, String field) {
        super(413, code, message, field);
    }
}
