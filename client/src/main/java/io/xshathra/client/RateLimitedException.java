package io.xshathra.client;

import java.time.Duration;

/**
 * The project's request rate is exceeded (HTTP 429 {@code rate_limited}). {@link #retryAfter()}
 * is the wait the server asked for in its {@code Retry-After} header.
 */
public final class RateLimitedException extends XshathraException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public RateLimitedException(String code, String message, Duration retryAfter) {
        super(429, code, message, null);
        this.retryAfter = retryAfter;
    }

    /** When to try again: the server's {@code Retry-After}, {@link Duration#ZERO} when it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
