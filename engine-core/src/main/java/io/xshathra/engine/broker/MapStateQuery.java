package io.xshathra.engine.broker;

/**
 * One page of a map channel's state.
 *
 * @param cursor   the last key of the previous page ("" = from the start)
 * @param limit    most entries in the page (at least 1)
 * @param revision when set, the read fails unless the channel is still in this epoch
 */
public record MapStateQuery(String cursor, int limit, StreamPosition revision) {
}
