package io.xshathra.engine.config;

/**
 * The top-level {@code shared_poll} settings: the keys that sign the keys a client may track, and the
 * node-wide bound on concurrent poll calls. Nothing is configured in {@link #NONE}; the reader
 * refuses a shared-poll namespace while {@code hmacSecretKey} is empty.
 *
 * @param hmacSecretKey                   verifies track signatures
 * @param hmacPreviousSecretKey           tried when the current key fails, during a key rotation ("" = none)
 * @param hmacPreviousSecretKeyValidUntil unix seconds; a signature issued later is not checked with the
 *                                        previous key (0 = no limit)
 * @param concurrencyLimit                most backend poll calls in flight on the node, over all channels
 *                                        (0 = the default)
 */
public record SharedPollConfig(String hmacSecretKey, String hmacPreviousSecretKey,
                               long hmacPreviousSecretKeyValidUntil, int concurrencyLimit) {

    public static final SharedPollConfig NONE = new SharedPollConfig("", "", 0, 0);

    /** Concurrent poll calls when no limit is set. */
    public static final int DEFAULT_CONCURRENCY_LIMIT = 64;

    public int effectiveConcurrencyLimit() {
        return concurrencyLimit > 0 ? concurrencyLimit : DEFAULT_CONCURRENCY_LIMIT;
    }

    /** Keys are secrets: never printed. */
    @Override
    public String toString() {
        return "SharedPollConfig[secret=" + (hmacSecretKey.isEmpty() ? "unset" : "set")
                + ", previousSecret=" + (hmacPreviousSecretKey.isEmpty() ? "unset" : "set")
                + ", previousValidUntil=" + hmacPreviousSecretKeyValidUntil + ", concurrencyLimit=" + concurrencyLimit + "]";
    }
}
