package io.xshathra.client;

/**
 * The request was refused as malformed: HTTP 400 with {@code invalid_field} (the message and
 * {@link #field()} name the field and the rule) or {@code invalid_body}; also raised before
 * sending when a value cannot be serialised as JSON (status 0). Retrying the same request fails
 * the same way.
 */
public class InvalidRequestException extends XshathraException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(int status, String code, String message, String field) {
        super(status, code, message, field);
    }
}
