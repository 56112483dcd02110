package io.xshathra.client;

import java.util.Objects;

/**
 * What {@link XshathraClient#history} reads.
 *
 * @param channel required
 * @param limit   at most this many publications; null for the server's default, 0 for none (only
 *                the current position)
 * @param since   only publications after this position; null for the start (or the end when reversed)
 * @param reverse newest first
 */
public record HistoryRequest(String channel, Integer limit, StreamPosition since, boolean reverse) {
    public HistoryRequest {
        Objects.requireNonNull(channel, "channel");
    }

    public static HistoryRequest of(String channel) {
        return new HistoryRequest(channel, null, null, false);
    }

    public HistoryRequest withLimit(int max) {
        return new HistoryRequest(channel, max, since, reverse);
    }

    public HistoryRequest withSince(StreamPosition position) {
        return new HistoryRequest(channel, limit, position, reverse);
    }

    public HistoryRequest withReverse(boolean newestFirst) {
        return new HistoryRequest(channel, limit, since, newestFirst);
    }
}
