package io.xshathra.redis;

import java.time.Duration;
import java.util.List;

/**
 * How the Redis engine connects and names things (Centrifugo's {@code engine.redis.*} keys).
 * Exactly one topology applies: {@code clusterAddresses} non-empty = one Redis Cluster;
 * {@code sentinelAddresses} non-empty = one Sentinel-managed master; otherwise each entry of
 * {@code addresses} is an independent shard and channels are spread over them.
 *
 * @param addresses          standalone shards: {@code redis://[user:password@]host:port[/db]} or {@code host:port}
 * @param clusterAddresses   seed nodes of a Redis Cluster
 * @param sentinelAddresses  Sentinel nodes ({@code host:port})
 * @param sentinelMasterName the master name the Sentinels watch
 * @param prefix             key and channel prefix
 * @param presenceTtl        how long a presence entry lives without a refresh
 * @param connectTimeout     connect timeout
 * @param ioTimeout          command timeout
 * @param db                 database number for addresses that do not name one
 * @param user               ACL user for addresses that do not name one ("" = none)
 * @param password           password for addresses that do not name one ("" = none)
 * @param sentinelPassword   password of the Sentinels ("" = none)
 * @param probeInterval      how often each node checks its Pub/Sub connections carry messages
 * @param probeTimeout       a probe not back after this long marks the Pub/Sub connection dead
 */
public record RedisEngineOptions(List<String> addresses, List<String> clusterAddresses,
                                 List<String> sentinelAddresses, String sentinelMasterName,
                                 String prefix, Duration presenceTtl, Duration connectTimeout,
                                 Duration ioTimeout, int db, String user, String password,
                                 String sentinelPassword, Duration probeInterval, Duration probeTimeout) {

    public RedisEngineOptions {
        addresses = List.copyOf(addresses);
        clusterAddresses = List.copyOf(clusterAddresses);
        sentinelAddresses = List.copyOf(sentinelAddresses);
    }

    /** One standalone Redis with the reference defaults. */
    public static RedisEngineOptions standalone(List<String> addresses, String prefix) {
        return new RedisEngineOptions(addresses, List.of(), List.of(), "", prefix, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(4), 0, "", "", "",
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public RedisEngineOptions withPresenceTtl(Duration ttl) {
        return new RedisEngineOptions(addresses, clusterAddresses, sentinelAddresses, sentinelMasterName, prefix,
                ttl, connectTimeout, ioTimeout, db, user, password, sentinelPassword, probeInterval, probeTimeout);
    }

    public RedisEngineOptions withProbe(Duration interval, Duration timeout) {
        return new RedisEngineOptions(addresses, clusterAddresses, sentinelAddresses, sentinelMasterName, prefix,
                presenceTtl, connectTimeout, ioTimeout, db, user, password, sentinelPassword, interval, timeout);
    }

    public boolean cluster() {
        return !clusterAddresses.isEmpty();
    }

    public boolean sentinel() {
        return !sentinelAddresses.isEmpty();
    }

    /**
     * What the operator configured, for messages: the addresses (passwords masked, see
     * {@link Redaction}) and the key that holds them.
     */
    public String describe() {
        if (cluster()) {
            return "Redis Cluster " + redacted(clusterAddresses) + " (engine.redis.cluster_address)";
        }
        if (sentinel()) {
            return "Redis Sentinel " + redacted(sentinelAddresses) + " master " + sentinelMasterName
                    + " (engine.redis.sentinel_address)";
        }
        return "Redis " + redacted(addresses) + " (engine.redis.address)";
    }

    private static String redacted(List<String> addresses) {
        return String.join(",", addresses.stream().map(Redaction::address).toList());
    }

    /** Like the record's own, with the passwords masked. */
    @Override
    public String toString() {
        return "RedisEngineOptions[" + describe() + ", prefix=" + prefix + ", presenceTtl=" + presenceTtl
                + ", connectTimeout=" + connectTimeout + ", ioTimeout=" + ioTimeout + ", db=" + db + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : Redaction.MASK) + ", sentinelPassword="
                + (sentinelPassword.isEmpty() ? "" : Redaction.MASK) + ", probeInterval=" + probeInterval
                + ", probeTimeout=" + probeTimeout + "]";
    }
}
