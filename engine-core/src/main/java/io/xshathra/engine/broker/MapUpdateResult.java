package io.xshathra.engine.broker;

/**
 * The outcome of a map write or removal.
 *
 * @param position       the change's position (the channel's current position when suppressed)
 * @param suppressed     nothing was stored
 * @param suppressReason why: {@code idempotency}, {@code version}, {@code key_exists} or {@code key_not_found}
 */
public record MapUpdateResult(StreamPosition position, boolean suppressed, String suppressReason) {
    static MapUpdateResult applied(StreamPosition position) {
        return new MapUpdateResult(position, false, "");
    }

    static MapUpdateResult suppressed(StreamPosition position, String reason) {
        return new MapUpdateResult(position, true, reason);
    }
}
