package io.xshathra.engine.broker;

/**
 * A position in a channel's history stream: the offset of a publication (or the top offset of
 * the stream) together with the stream's epoch. Offsets only compare within one epoch.
 *
 * @param offset offset, starting at 1 for the first publication; 0 for "before the first"
 * @param epoch  opaque stream generation; changes when the stream's metadata is lost
 */
public record StreamPosition(long offset, String epoch) {
    public static final StreamPosition NONE = new StreamPosition(0, "");
}
