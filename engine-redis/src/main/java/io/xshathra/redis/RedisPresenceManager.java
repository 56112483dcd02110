package io.xshathra.redis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.ScriptOutputType;
import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.protocol.proto.ClientInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Cluster-wide presence in Redis (spec 12.6): per channel a hash of client id to protobuf
 * {@code ClientInfo} and a sorted set of client id to expiry time. Every add sets the entry's
 * expiry to now + TTL; connections re-add their entries on each presence tick, so the entries of
 * a node that died without removing them disappear one TTL later. Reads drop expired entries
 * first. "Now" comes from the given clock.
 */
public final class RedisPresenceManager implements PresenceManager {
    private final ShardRing<RedisShard> ring;
    private final RedisKeys keys;
    private final Clock clock;
    private final Duration ttl;

    RedisPresenceManager(ShardRing<RedisShard> ring, RedisKeys keys, Clock clock, Duration ttl) {
        this.ring = ring;
        this.keys = keys;
        this.clock = clock;
        this.ttl = ttl;
    }

    private byte[][] keysOf(String channel) {
        return new byte[][] {keys.presenceData(channel), keys.presenceExpire(channel)};
    }

    @Override
    public CompletionStage<Void> add(String channel, String clientId, ClientInfo info) {
        long ttlSeconds = Math.max(1, ttl.toSeconds());
        long expireAt = clock.millis() / 1000 + ttlSeconds;
        return LuaScript.PRESENCE_ADD.<Long>run(ring.forChannel(channel).commands(), ScriptOutputType.INTEGER,
                keysOf(channel), utf8(clientId), info.toByteArray(), num(ttlSeconds), num(expireAt))
                .thenApply(r -> null);
    }

    @Override
    public CompletionStage<Void> remove(String channel, String clientId) {
        return LuaScript.PRESENCE_REMOVE.<Long>run(ring.forChannel(channel).commands(), ScriptOutputType.INTEGER,
                keysOf(channel), utf8(clientId)).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Map<String, ClientInfo>> presence(String channel) {
        return LuaScript.PRESENCE_GET.<List<Object>>run(ring.forChannel(channel).commands(), ScriptOutputType.MULTI,
                keysOf(channel), num(clock.millis() / 1000)).thenApply(RedisPresenceManager::decode);
    }

    @Override
    public CompletionStage<PresenceStats> stats(String channel) {
        return presence(channel).thenApply(m -> {
            Set<String> users = new HashSet<>();
            for (ClientInfo info : m.values()) {
                users.add(info.getUser());
            }
            return new PresenceStats(m.size(), users.size());
        });
    }

    private static Map<String, ClientInfo> decode(List<Object> flat) {
        Map<String, ClientInfo> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String client = new String((byte[]) flat.get(i), StandardCharsets.UTF_8);
            try {
                out.put(client, ClientInfo.parseFrom((byte[]) flat.get(i + 1)));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("undecodable presence entry " + client, e);
            }
        }
        return out;
    }

    private static byte[] num(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The engine owns the connections; closing the presence manager alone releases nothing. */
    @Override
    public void close() {
    }
}
