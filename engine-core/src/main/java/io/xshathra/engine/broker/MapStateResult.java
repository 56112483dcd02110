package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.Publication;
import java.util.List;

/**
 * A page of map state.
 *
 * @param entries  the entries, keys ascending, each with its key, data and the offset of its last write
 * @param position the channel's current position
 * @param cursor   the cursor of the next page; "" on the last page
 */
public record MapStateResult(List<Publication> entries, StreamPosition position, String cursor) {
}
