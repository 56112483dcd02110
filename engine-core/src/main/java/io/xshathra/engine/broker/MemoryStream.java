package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.Publication;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One channel's history stream held in memory. Not thread-safe: {@link MemoryBroker} guards each
 * stream with its channel's lock.
 */
final class MemoryStream {
    final String epoch;
    long top;
    /** Unix millis after which publications are dropped (0 = no data). */
    long dataExpiresAt;
    /** Unix millis after which the whole stream (epoch and top) is dropped. */
    long metaExpiresAt;
    private final ArrayDeque<Publication> publications = new ArrayDeque<>();

    MemoryStream(String epoch) {
        this.epoch = epoch;
    }

    Publication append(Publication pub, int historySize) {
        top++;
        Publication stored = pub.toBuilder().setOffset(top).build();
        publications.addLast(stored);
        while (publications.size() > historySize) {
            publications.removeFirst();
        }
        return stored;
    }

    /** The newest retained publication, or null. */
    Publication last() {
        return publications.peekLast();
    }

    void clear() {
        publications.clear();
    }

    boolean isEmpty() {
        return publications.isEmpty();
    }

    /** Publications after {@code sinceOffset} oldest first, or before it newest first. */
    List<Publication> read(long sinceOffset, boolean hasSince, int limit, boolean reverse) {
        int max = limit < 0 ? Integer.MAX_VALUE : limit;
        List<Publication> out = new ArrayList<>(Math.min(max, publications.size()));
        if (max == 0) {
            return out;
        }
        Iterator<Publication> it = reverse ? publications.descendingIterator() : publications.iterator();
        while (it.hasNext() && out.size() < max) {
            Publication p = it.next();
            if (hasSince && (reverse ? p.getOffset() >= sinceOffset : p.getOffset() <= sinceOffset)) {
                continue;
            }
            out.add(p);
        }
        return out;
    }
}
