package io.xshathra.engine.broker;

/**
 * The outcome of a publish.
 *
 * @param position   where the publication was stored ({@link StreamPosition#NONE} without history)
 * @param suppressed true when an idempotency key matched and nothing was published again
 */
public record PublishResult(StreamPosition position, boolean suppressed) {
}
