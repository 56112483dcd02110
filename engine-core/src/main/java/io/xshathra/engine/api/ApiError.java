package io.xshathra.engine.api;

/**
 * An error of the server API. The catalogue differs slightly from the client protocol's: 104 is
 * "not found" here. Values, not exceptions.
 */
public record ApiError(int code, String message) {
    public static final ApiError INTERNAL = new ApiError(100, "internal server error");
    public static final ApiError UNKNOWN_CHANNEL = new ApiError(102, "unknown channel");
    public static final ApiError NOT_FOUND = new ApiError(104, "not found");
    public static final ApiError BAD_REQUEST = new ApiError(107, "bad request");
    public static final ApiError NOT_AVAILABLE = new ApiError(108, "not available");
    public static final ApiError UNRECOVERABLE_POSITION = new ApiError(112, "unrecoverable position");
}
