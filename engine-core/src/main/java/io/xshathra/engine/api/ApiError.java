package io.xshathra.engine.api;

/**
 * An error of the server API. The catalogue differs slightly from the client protocol's: 104 is
 * "not found" here. Values, not exceptions.
 *
 * <p>Each error also names the HTTP status it is answered with in transport error mode
 * ({@code http_api.error_mode: transport} or {@code X-Centrifugo-Error-Mode: transport}); in the
 * default mode every error is a 200 with an {@code error} object.
 */
public enum ApiError {
    INTERNAL(100, "internal server error", 500),
    UNKNOWN_CHANNEL(102, "unknown channel", 404),
    NOT_FOUND(104, "not found", 404),
    BAD_REQUEST(107, "bad request", 400),
    NOT_AVAILABLE(108, "not available", 400),
    UNRECOVERABLE_POSITION(112, "unrecoverable position", 416),
    CONFLICT(113, "conflict", 409);

    private final int code;
    private final String message;
    private final int transportStatus;

    ApiError(int code, String message, int transportStatus) {
        this.code = code;
        this.message = message;
        this.transportStatus = transportStatus;
    }

    /** The error code on the wire. */
    public int code() {
        return code;
    }

    /** The fixed message on the wire. */
    public String message() {
        return message;
    }

    /** The HTTP status of this error in transport error mode. */
    public int transportStatus() {
        return transportStatus;
    }
}
