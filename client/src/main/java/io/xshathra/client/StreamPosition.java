package io.xshathra.client;

import java.util.Objects;

/**
 * A position in a channel's history: an offset within an epoch. The epoch changes when the
 * history is lost (for example the server restarted with memory history), which makes older
 * positions meaningless.
 */
public record StreamPosition(long offset, String epoch) {
    public StreamPosition {
        Objects.requireNonNull(epoch, "epoch");
    }
}
