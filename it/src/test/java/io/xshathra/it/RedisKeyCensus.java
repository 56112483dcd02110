package io.xshathra.it;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a Redis engine left under its prefix, by kind, with the longest TTL among those that
 * have one and the keys that have none (except the node's own, which it refreshes while alive).
 */
final class RedisKeyCensus {
    long meta;
    long streams;
    long presence;
    long other;
    long maxTtlMillis;
    final List<String> withoutTtl = new ArrayList<>();
    /** A few keys of each unexpected kind, to say what was found. */
    final List<String> examples = new ArrayList<>();

    private RedisKeyCensus() {
    }

    static RedisKeyCensus of(RedisCommands<String, String> redis, String prefix) {
        RedisKeyCensus c = new RedisKeyCensus();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + ".*").limit(1000));
            page.getKeys().forEach(k -> c.count(redis, prefix, k));
            cursor = page;
        } while (!cursor.isFinished());
        return c;
    }

    private void count(RedisCommands<String, String> redis, String prefix, String key) {
        String kind = key.substring(prefix.length() + 1);
        if (kind.startsWith("node.")) {
            return;
        }
        if (kind.startsWith("stream.meta.")) {
            meta++;
        } else if (kind.startsWith("stream.")) {
            streams++;
        } else if (kind.startsWith("presence.")) {
            presence++;
        } else {
            other++;
        }
        long ttl = redis.pttl(key);
        if (ttl < 0) {
            withoutTtl.add(key);
            if (examples.size() < 5) {
                examples.add(key);
            }
        } else {
            maxTtlMillis = Math.max(maxTtlMillis, ttl);
        }
    }

    @Override
    public String toString() {
        return String.format("%d stream epochs (longest TTL %d s), %d streams, %d presence, %d other, %d without TTL",
                meta, maxTtlMillis / 1000, streams, presence, other, withoutTtl.size());
    }
}
