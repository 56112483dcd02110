package io.xshathra.engine.config;

import java.time.Duration;

/**
 * A namespace's map subscription settings: its {@code map} section plus the namespace's
 * {@code map_clients_presence_channel_prefix} and {@code map_users_presence_channel_prefix}.
 * Validated by the configuration reader; {@link #NONE} (no mode) for namespaces that are not of a
 * map subscription type.
 *
 * @param mode                      how entries are kept and how subscribers catch up; null = not a map namespace
 * @param keyTtl                    how long a key lives after its last write (zero = forever, persistent mode)
 * @param streamSize                changes kept in the change stream (modes with a stream)
 * @param streamTtl                 how long the change stream lives after the last change
 * @param metaTtl                   how long the stream's epoch and offset live after the last change (zero = forever)
 * @param removeClientOnUnsubscribe the client's own key (its client id) is removed when it unsubscribes
 * @param clientKey                 how a client's writes are keyed
 * @param access                    who may write and remove keys from the client side
 * @param paging                    state page sizes and the catch-up limits of a subscribe
 * @param clientsPresencePrefix     prefix of the channel receiving this channel's subscribers by client id ("" = none)
 * @param usersPresencePrefix       prefix of the channel receiving this channel's subscribers by user id ("" = none)
 */
public record MapOptions(
        MapMode mode,
        Duration keyTtl,
        int streamSize,
        Duration streamTtl,
        Duration metaTtl,
        boolean removeClientOnUnsubscribe,
        ClientKey clientKey,
        Access access,
        Paging paging,
        String clientsPresencePrefix,
        String usersPresencePrefix) {

    public static final MapOptions NONE = new MapOptions(null, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, false,
            ClientKey.REQUEST, Access.NONE, Paging.DEFAULTS, "", "");

    /** Stream size used when a mode with a stream leaves {@code stream_size} at zero. */
    public static final int DEFAULT_STREAM_SIZE = 100;
    /** Stream TTL used when a mode with a stream leaves {@code stream_ttl} at zero. */
    public static final Duration DEFAULT_STREAM_TTL = Duration.ofMinutes(1);

    /** {@code map.mode}. */
    public enum MapMode {
        /** Keys expire after {@code key_ttl}; no change stream, so a reconnect re-reads the state. */
        EPHEMERAL("ephemeral"),
        /** Keys expire after {@code key_ttl}; changes are kept in a stream subscribers recover from. */
        RECOVERABLE("recoverable"),
        /** Keys live until removed; changes are kept in a stream subscribers recover from. */
        PERSISTENT("persistent");

        private final String configName;

        MapMode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** Whether changes are kept in a stream (positions, recovery). */
        public boolean hasStream() {
            return this != EPHEMERAL;
        }

        /** Whether keys expire. */
        public boolean hasExpiry() {
            return this != PERSISTENT;
        }

        /** The mode named {@code name} in the configuration, or null. */
        public static MapMode fromConfig(String name) {
            for (MapMode m : values()) {
                if (m.configName.equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** {@code map.client_key}: the key a client's write goes to. */
    public enum ClientKey {
        /** The key the client sent. */
        REQUEST,
        /** The client's connection id. */
        CLIENT_ID,
        /** The client's user id (anonymous clients may not write). */
        USER_ID
    }

    /** The {@code map.allow_publish_*} and {@code map.allow_remove_*} flags. */
    public record Access(boolean publishForClient, boolean publishForSubscriber, boolean publishForAnonymous,
                         boolean removeForClient, boolean removeForSubscriber, boolean removeForAnonymous) {
        public static final Access NONE = new Access(false, false, false, false, false, false);
    }

    /**
     * State paging and subscribe catch-up.
     *
     * @param defaultPageSize        page size when the client asks for none
     * @param minPageSize            smallest page size honoured
     * @param maxPageSize            largest page size honoured
     * @param liveTransitionLimit    most stream changes a subscriber may catch up when going live
     *                               (more: it must start over from the state)
     * @param catchUpTimeout         how long a paginated subscribe may take; negative = unbounded
     */
    public record Paging(int defaultPageSize, int minPageSize, int maxPageSize, int liveTransitionLimit,
                         Duration catchUpTimeout) {
        public static final Paging DEFAULTS = new Paging(100, 100, 1000, 0, Duration.ofSeconds(5));

        /** The page size for a request asking for {@code requested} (0 or less: the default). */
        public int pageSize(int requested) {
            int limit = requested <= 0 ? defaultPageSize : requested;
            return Math.min(Math.max(limit, minPageSize), maxPageSize);
        }

        /** The live-transition limit in effect (the maximum page size when not set). */
        public int liveLimit() {
            return liveTransitionLimit > 0 ? liveTransitionLimit : maxPageSize;
        }
    }

    /** Whether this namespace is of a map subscription type. */
    public boolean configured() {
        return mode != null;
    }

    /** Stream size in effect (the default when not set). */
    public int effectiveStreamSize() {
        return streamSize > 0 ? streamSize : DEFAULT_STREAM_SIZE;
    }

    /** Stream TTL in effect (the default when not set). */
    public Duration effectiveStreamTtl() {
        return streamTtl.isZero() ? DEFAULT_STREAM_TTL : streamTtl;
    }

    /**
     * Meta TTL in effect: as set; for modes with expiring keys and none set, ten stream TTLs but at
     * least the key TTL; zero (forever) otherwise.
     */
    public Duration effectiveMetaTtl() {
        if (!metaTtl.isZero() || mode == null || !mode.hasStream() || !mode.hasExpiry()) {
            return metaTtl;
        }
        Duration d = effectiveStreamTtl().multipliedBy(10);
        return d.compareTo(keyTtl) < 0 ? keyTtl : d;
    }
}
