package io.xshathra.client;

import java.util.List;

/**
 * A page of a channel's history and the channel's current position.
 *
 * @param publications in the order asked for (oldest first unless reversed)
 * @param offset       the offset of the channel's latest publication
 * @param epoch        the history's epoch
 */
public record HistoryResult(List<Publication> publications, long offset, String epoch) {
    public HistoryResult {
        publications = List.copyOf(publications);
    }

    /** The channel's current position, to read on from later with {@link HistoryRequest#withSince}. */
    public StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }
}
