package io.xshathra.engine.broker;

import java.time.Duration;

/**
 * A read of a channel's stream.
 *
 * @param since   return publications after this position (before it when reversed); null = from the start (end)
 * @param limit   0 = none (only the top position), negative = no limit
 * @param reverse newest first
 * @param metaTtl how long the stream metadata lives; a read extends it and creates the stream if absent
 */
public record HistoryQuery(StreamPosition since, int limit, boolean reverse, Duration metaTtl) {

    /** Only the current top position. */
    public static HistoryQuery top(Duration metaTtl) {
        return new HistoryQuery(null, 0, false, metaTtl);
    }
}
