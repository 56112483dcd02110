package io.xshathra.redis;

import java.nio.charset.StandardCharsets;

/**
 * Names of everything the engine keeps in Redis, under one prefix (Centrifugo's layout, spec
 * 12.2). In cluster mode each per-channel name wraps the channel in a hash tag so a channel's
 * stream, metadata, results and presence land in one slot, which its Lua scripts need.
 */
public final class RedisKeys {
    private final String prefix;
    private final boolean cluster;

    /**
     * @param prefix  the key prefix ({@code engine.redis.prefix}, default {@code centrifugo})
     * @param cluster wrap channels in {@code {...}} hash tags
     */
    public RedisKeys(String prefix, boolean cluster) {
        this.prefix = prefix;
        this.cluster = cluster;
    }

    private String tagged(String channel) {
        return cluster ? "{" + channel + "}" : channel;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Pub/Sub channel carrying a channel's publications, joins and leaves. */
    public byte[] pubSub(String channel) {
        return bytes(pubSubPrefix() + tagged(channel));
    }

    /** The common start of every publication Pub/Sub channel. */
    public String pubSubPrefix() {
        return prefix + ".client.";
    }

    /** The channel named by a publication Pub/Sub channel, or null for any other Pub/Sub channel. */
    public String channelOf(byte[] pubSubChannel) {
        String s = new String(pubSubChannel, StandardCharsets.UTF_8);
        String p = pubSubPrefix();
        if (!s.startsWith(p)) {
            return null;
        }
        String ch = s.substring(p.length());
        if (cluster && ch.length() >= 2 && ch.charAt(0) == '{' && ch.charAt(ch.length() - 1) == '}') {
            ch = ch.substring(1, ch.length() - 1);
        }
        return ch;
    }

    public byte[] stream(String channel) {
        return bytes(prefix + ".stream." + tagged(channel));
    }

    public byte[] streamMeta(String channel) {
        return bytes(prefix + ".stream.meta." + tagged(channel));
    }

    public byte[] result(String channel, String idempotencyKey) {
        return bytes(prefix + ".result." + tagged(channel) + "." + idempotencyKey);
    }

    public byte[] presenceData(String channel) {
        return bytes(prefix + ".presence.data." + tagged(channel));
    }

    public byte[] presenceExpire(String channel) {
        return bytes(prefix + ".presence.expire." + tagged(channel));
    }

    /** A map channel's parts: state, key order, key expiry, versions, stream, stream meta. */
    public byte[][] map(String channel) {
        String t = tagged(channel);
        return new byte[][] {bytes(prefix + ".map.state." + t), bytes(prefix + ".map.keys." + t),
                bytes(prefix + ".map.expire." + t), bytes(prefix + ".map.versions." + t),
                bytes(prefix + ".map.stream." + t), bytes(prefix + ".map.meta." + t)};
    }

    public byte[] mapResult(String channel, String idempotencyKey) {
        return bytes(prefix + ".map.result." + tagged(channel) + "." + idempotencyKey);
    }

    /** Per shard: map channels with expiring keys, scored by when the next one is due (ms). */
    public byte[] mapExpiring() {
        return bytes(prefix + ".map.expiring");
    }

    /** Per shard: the stream settings of each map channel with expiring keys, for the expiry worker. */
    public byte[] mapExpiringOptions() {
        return bytes(prefix + ".map.expiring.options");
    }

    /** A project channel's set of the node ids that hold subscribers of it (tenant occupancy events). */
    public byte[] occupied(String channel) {
        return bytes(prefix + ".occupied." + tagged(channel));
    }

    /** Per shard: node id to the time (ms) its occupancy heartbeat expires. */
    public byte[] occupancyNodes() {
        return bytes(prefix + ".occupancy.nodes");
    }

    /** Per shard: the channels a node registered in {@link #occupied} there (for cleaning up after it). */
    public byte[] occupancyNode(String nodeId) {
        return bytes(prefix + ".occupancy.node." + nodeId);
    }

    /** The cluster-wide node-to-node control channel. */
    public byte[] control() {
        return bytes(prefix + ".control");
    }

    /** A node's own Pub/Sub channel (survey answers, liveness probes). */
    public byte[] node(String nodeId) {
        return bytes(prefix + ".node." + nodeId);
    }

    public String prefix() {
        return prefix;
    }
}
