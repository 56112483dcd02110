package io.xshathra.controlplane.api;

/**
 * One token bucket: up to {@code burst} tokens, refilled at a steady rate. Not thread-safe: its
 * owner holds the lock. A clock reading older than the bucket's last one adds nothing (threads
 * may read the clock in one order and take the lock in another).
 */
final class TokenBucket {
    private final double burst;
    private final double ratePerNano;
    private double tokens;
    private long updatedAt;

    TokenBucket(double burst, double ratePerSecond, long now) {
        this.burst = burst;
        this.ratePerNano = ratePerSecond / 1e9;
        this.tokens = burst;
        this.updatedAt = now;
    }

    /** Adds what the time since the last reading is worth. */
    void refill(long now) {
        if (now > updatedAt) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * ratePerNano);
            updatedAt = now;
        }
    }

    /** Takes one token when there is one. */
    boolean tryTake() {
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Spends one token, or what is left of one. */
    void spend() {
        tokens = Math.max(0, tokens - 1);
    }

    /** 0 when a token is there, else the whole seconds until one is. */
    long secondsUntilToken() {
        return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e9));
    }
}
