package io.xshathra.engine.broker;

import io.xshathra.engine.config.MapOptions;
import io.xshathra.protocol.proto.Publication;

/**
 * One change to a {@link MapChannelState}, made while its monitor is held: the checks of a write
 * (version, key mode, key limit), storing the entry, appending the change to the stream and
 * handing it to the event handler.
 */
final class MapWrite {
    private final MapChannelState ch;
    private final MapOptions map;
    private final int keysPerChannel;
    private final long now;

    MapWrite(MapChannelState ch, MapOptions map, int keysPerChannel, long now) {
        this.ch = ch;
        this.map = map;
        this.keysPerChannel = keysPerChannel;
        this.now = now;
    }

    MapUpdateResult publish(String key, MapPublishOptions o, BrokerEventHandler handler, String channel) {
        MapChannelState.Entry existing = ch.state.get(key);
        if (existing != null && existing.expiresAt() > 0 && existing.expiresAt() <= now) {
            // Expired but not swept yet: the write replaces it as a new key.
            existing = null;
        }
        if (map.mode().hasStream() && o.version() > 0 && existing != null
                && (o.versionEpoch().isEmpty() || o.versionEpoch().equals(existing.versionEpoch()))
                && o.version() <= existing.version()) {
            return MapUpdateResult.suppressed(position(), "version");
        }
        if (o.keyMode() == MapKeyMode.IF_NEW && existing != null) {
            if (o.refreshTtlOnSuppress() && expiresAt() > 0) {
                ch.put(key, new MapChannelState.Entry(existing.pub(), expiresAt(), existing.version(),
                        existing.versionEpoch()));
                ch.touch(map, now);
            }
            return MapUpdateResult.suppressed(position(), "key_exists");
        }
        if (o.keyMode() == MapKeyMode.IF_EXISTS && existing == null) {
            return MapUpdateResult.suppressed(position(), "key_not_found");
        }
        if (existing == null && ch.state.size() >= keysPerChannel) {
            throw new MapLimitException("map channel holds its most keys (" + keysPerChannel + ")");
        }
        Publication.Builder change = Publication.newBuilder().setKey(key).setData(o.data()).putAllTags(o.tags())
                .setTime(now);
        if (o.info() != null) {
            change.setInfo(o.info());
        }
        Publication stored = ch.record(change.build(), map, now);
        long version = o.version() > 0 || existing == null ? o.version() : existing.version();
        String versionEpoch = o.version() > 0 || existing == null ? o.versionEpoch() : existing.versionEpoch();
        ch.put(key, new MapChannelState.Entry(stored, expiresAt(), version, versionEpoch));
        return handOn(stored, o.delta() && existing != null ? existing.pub() : null, handler, channel);
    }

    /** Removes {@code key}; the removal carries {@code tags}, or the entry's when null. */
    MapUpdateResult remove(String key, java.util.Map<String, String> tags, BrokerEventHandler handler,
                           String channel) {
        MapChannelState.Entry existing = ch.remove(key);
        if (existing == null) {
            return MapUpdateResult.suppressed(position(), "key_not_found");
        }
        if (tags != null) {
            return handOn(ch.record(Publication.newBuilder().setKey(key).setRemoved(true).putAllTags(tags)
                    .setTime(now).build(), map, now), null, handler, channel);
        }
        return handOn(removal(key, existing), null, handler, channel);
    }

    /** An entry whose TTL passed (already taken out of the state): its removal is recorded and handed on. */
    void expired(MapChannelState.Entry gone, BrokerEventHandler handler, String channel) {
        // Like an explicit removal, the expiry carries the entry's tags so that subscribers
        // filtering on tags see the keys they hold go away.
        handOn(removal(gone.pub().getKey(), gone), null, handler, channel);
    }

    private Publication removal(String key, MapChannelState.Entry existing) {
        Publication.Builder b = Publication.newBuilder().setKey(key).setRemoved(true).setTime(now);
        if (existing != null) {
            b.putAllTags(existing.pub().getTagsMap());
        }
        return ch.record(b.build(), map, now);
    }

    private MapUpdateResult handOn(Publication stored, Publication previous, BrokerEventHandler handler,
                                   String channel) {
        StreamPosition position = position();
        if (handler != null) {
            // Subscribers get the change without the write time the broker keeps with it.
            handler.handlePublication(channel, MapTimes.withoutTime(stored),
                    map.mode().hasStream() ? position : StreamPosition.NONE, previous);
        }
        return MapUpdateResult.applied(position);
    }

    private StreamPosition position() {
        return ch.position();
    }

    private long expiresAt() {
        return map.mode().hasExpiry() && !map.keyTtl().isZero() ? now + map.keyTtl().toMillis() : 0;
    }
}
