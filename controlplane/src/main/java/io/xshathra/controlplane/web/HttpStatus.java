package io.xshathra.controlplane.web;

/**
 * An HTTP status code as a value, so that page and API logic can name statuses without an HTTP
 * library. The adapters turn it into the library's status with its standard reason phrase.
 *
 * @param code the three-digit status code (100-999)
 */
public record HttpStatus(int code) {
    public static final HttpStatus OK = new HttpStatus(200);
    public static final HttpStatus SEE_OTHER = new HttpStatus(303);
    public static final HttpStatus BAD_REQUEST = new HttpStatus(400);
    public static final HttpStatus UNAUTHORIZED = new HttpStatus(401);
    public static final HttpStatus FORBIDDEN = new HttpStatus(403);
    public static final HttpStatus NOT_FOUND = new HttpStatus(404);
    public static final HttpStatus METHOD_NOT_ALLOWED = new HttpStatus(405);
    public static final HttpStatus REQUEST_ENTITY_TOO_LARGE = new HttpStatus(413);
    public static final HttpStatus UNSUPPORTED_MEDIA_TYPE = new HttpStatus(415);
    public static final HttpStatus TOO_MANY_REQUESTS = new HttpStatus(429);
    public static final HttpStatus INTERNAL_SERVER_ERROR = new HttpStatus(500);
    public static final HttpStatus SERVICE_UNAVAILABLE = new HttpStatus(503);

    public HttpStatus {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status code must have three digits: " + code);
        }
    }

    /** The status of that code (the same as {@code new HttpStatus(code)}; records compare by value). */
    public static HttpStatus of(int code) {
        return new HttpStatus(code);
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
