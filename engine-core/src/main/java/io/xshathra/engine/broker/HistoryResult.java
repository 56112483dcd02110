package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.Publication;
import java.util.List;

/**
 * The answer to a {@link HistoryQuery}.
 *
 * @param publications matching publications, each carrying its offset, in the requested order
 * @param top          the stream's current top position
 */
public record HistoryResult(List<Publication> publications, StreamPosition top) {
}
