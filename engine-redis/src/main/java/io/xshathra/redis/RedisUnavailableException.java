package io.xshathra.redis;

/** Redis could not be reached; the message names the configured address and its key. */
public final class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
