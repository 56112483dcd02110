package io.xshathra.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Client-side sharding of channels over several independent Redis servers: Jump Consistent Hash
 * over the 64-bit FNV-1a hash of the channel name (spec 12.1), so adding a shard moves only
 * about 1/n of the channels.
 *
 * @param <T> the shard type
 */
final class ShardRing<T> {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final List<T> shards;

    ShardRing(List<T> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis shard is needed");
        }
        this.shards = List.copyOf(shards);
    }

    T forChannel(String channel) {
        return shards.size() == 1 ? shards.get(0) : shards.get(index(channel, shards.size()));
    }

    List<T> all() {
        return shards;
    }

    static int index(String channel, int buckets) {
        return jump(fnv1a(channel.getBytes(StandardCharsets.UTF_8)), buckets);
    }

    static long fnv1a(byte[] data) {
        long h = FNV_OFFSET;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** Lamping and Veach's jump consistent hash. */
    static int jump(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
