package io.xshathra.engine.broker;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory broker's streams, least recently used first, holding at most {@code limit}: adding
 * one more drops the least recently used stream, epoch and all, as if its metadata had expired.
 * A later reader of that channel gets a new epoch, so a client recovering from the old one is
 * told {@code recovered: false}; nobody is ever handed publications of another epoch.
 *
 * <p>Thread-safe; one short lock around a linked map. Lock order: a channel lock of
 * {@link MemoryBroker} may be held while calling in here, never the other way round.
 */
final class StreamTable {
    private final int limit;
    private final LinkedHashMap<String, MemoryStream> streams = new LinkedHashMap<>(64, 0.75f, true);
    private long evicted;

    StreamTable(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("stream limit must be at least 1");
        }
        this.limit = limit;
    }

    /** The channel's stream, now the most recently used, or null. */
    synchronized MemoryStream get(String channel) {
        return streams.get(channel);
    }

    /** Stores the channel's stream as the most recently used, dropping the least recently used beyond the limit. */
    synchronized void put(String channel, MemoryStream stream) {
        streams.put(channel, stream);
        Iterator<MemoryStream> it = streams.values().iterator();
        while (streams.size() > limit && it.hasNext()) {
            it.next();
            it.remove();
            evicted++;
        }
    }

    /** Removes the channel's stream if it is still {@code stream}. */
    synchronized boolean remove(String channel, MemoryStream stream) {
        return streams.remove(channel, stream);
    }

    synchronized int size() {
        return streams.size();
    }

    /** Streams dropped to stay within the limit since start. */
    synchronized long evicted() {
        return evicted;
    }

    /** A copy of the entries, for the sweep, which takes channel locks and so must not hold this one. */
    synchronized List<Map.Entry<String, MemoryStream>> snapshot() {
        List<Map.Entry<String, MemoryStream>> out = new ArrayList<>(streams.size());
        for (Map.Entry<String, MemoryStream> e : streams.entrySet()) {
            out.add(Map.entry(e.getKey(), e.getValue()));
        }
        return out;
    }
}
