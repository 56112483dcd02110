package io.xshathra.engine.api;

import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.token.SubscribeOptionOverride;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests of the server API, as parsed by a binding (HTTP JSON, or the control plane). Each
 * record names its wire method in {@code METHOD}.
 */
public final class ApiRequests {
    /** Every method name the server API serves. */
    public static final Set<String> METHODS = Set.of(Publish.METHOD, Broadcast.METHOD, Subscribe.METHOD,
            Unsubscribe.METHOD, Disconnect.METHOD, Refresh.METHOD, Presence.METHOD, PresenceStats.METHOD,
            History.METHOD, HistoryRemove.METHOD, Channels.METHOD, Info.METHOD, Rpc.METHOD, Batch.METHOD,
            MapPublish.METHOD, MapRemove.METHOD, MapReadState.METHOD, MapReadStream.METHOD, MapStats.METHOD,
            MapClear.METHOD, SharedPollPublish.METHOD);

    private ApiRequests() {
    }

    /**
     * {@code publish}; also the per-channel part of {@code broadcast}.
     *
     * @param data           payload bytes (raw JSON, or binary from {@code b64data})
     * @param idempotencyKey null or empty for none
     * @param delta          send fossil patches to delta subscribers (channels with history)
     */
    public record Publish(String channel, byte[] data, boolean skipHistory, Map<String, String> tags,
                          String idempotencyKey, boolean delta) implements ApiRequest {
        public static final String METHOD = "publish";

        /** Without delta. */
        public Publish(String channel, byte[] data, boolean skipHistory, Map<String, String> tags,
                       String idempotencyKey) {
            this(channel, data, skipHistory, tags, idempotencyKey, false);
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code map_publish}: sets a key of a map channel.
     *
     * @param data           the entry's data (raw JSON, or binary from {@code b64data})
     * @param idempotencyKey null or empty for none
     * @param version        the entry's version (0 = none); not newer than the stored one: suppressed
     * @param keyMode        "" (replace), {@code if_new} or {@code if_exists}
     */
    public record MapPublish(String channel, String key, byte[] data, Map<String, String> tags,
                             String idempotencyKey, boolean delta, long version, String versionEpoch,
                             String keyMode) implements ApiRequest {
        public static final String METHOD = "map_publish";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code map_read_state}: a page of a map channel's entries, keys ascending.
     *
     * @param cursor         the last key of the previous page ("" or null = from the start)
     * @param limit          most entries: negative = all, 0 = none (the position only)
     * @param key            when set, that key's entry alone (cursor and limit are ignored)
     * @param revisionOffset with {@code revisionEpoch}: the position of an earlier read; when either
     *                       is set the read fails (112) unless the channel is still in that epoch
     */
    public record MapReadState(String channel, String cursor, int limit, String key, long revisionOffset,
                               String revisionEpoch) implements ApiRequest {
        public static final String METHOD = "map_read_state";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code map_read_stream}: changes of a map channel.
     *
     * @param sinceOffset with {@code sinceEpoch}: read after this position (both unset = from the oldest
     *                    retained; reverse: before it, newest first)
     * @param limit       most changes: negative = all, 0 = none (the position only)
     */
    public record MapReadStream(String channel, long sinceOffset, String sinceEpoch, int limit, boolean reverse)
            implements ApiRequest {
        public static final String METHOD = "map_read_stream";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code map_stats}: how many keys a map channel holds. */
    public record MapStats(String channel) implements ApiRequest {
        public static final String METHOD = "map_stats";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code map_clear}: drops a map channel's keys, stream and position. */
    public record MapClear(String channel) implements ApiRequest {
        public static final String METHOD = "map_clear";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code shared_poll_publish}: a new version of a key of a shared-poll channel (namespaces with
     * {@code publish_enabled}), sent at once to the connections tracking the key on every node.
     *
     * @param data    the key's data (raw JSON, or binary from {@code b64data})
     * @param version the key's version; must be above 0
     * @param epoch   the publisher's epoch ({@code ""} = none); another epoch than a channel's restarts it
     */
    public record SharedPollPublish(String channel, String key, byte[] data, long version, String epoch)
            implements ApiRequest {
        public static final String METHOD = "shared_poll_publish";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code map_remove}: removes a key of a map channel. */
    public record MapRemove(String channel, String key, String idempotencyKey) implements ApiRequest {
        public static final String METHOD = "map_remove";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code broadcast}: the same publication to several channels. */
    public record Broadcast(List<String> channels, byte[] data, boolean skipHistory, Map<String, String> tags,
                            String idempotencyKey, boolean delta) implements ApiRequest {
        public static final String METHOD = "broadcast";

        /** Without delta. */
        public Broadcast(List<String> channels, byte[] data, boolean skipHistory, Map<String, String> tags,
                         String idempotencyKey) {
            this(channels, data, skipHistory, tags, idempotencyKey, false);
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** Selects connections: a user ("" = anonymous), optionally narrowed to one client or session. */
    public record Target(String user, String client, String session) {
    }

    /** {@code subscribe}: a server-side subscription for the target's connections. */
    public record Subscribe(Target target, String channel, byte[] info, byte[] data, StreamPosition recoverSince,
                            long expireAt, SubscribeOptionOverride override) implements ApiRequest {
        public static final String METHOD = "subscribe";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code unsubscribe}; an empty channel means every channel. */
    public record Unsubscribe(Target target, String channel) implements ApiRequest {
        public static final String METHOD = "unsubscribe";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code disconnect}; connections whose client id is in {@code whitelist} stay. */
    public record Disconnect(Target target, List<String> whitelist, int code, String reason) implements ApiRequest {
        public static final String METHOD = "disconnect";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code refresh}: extend, end ({@code expired}) or replace the info of connections. */
    public record Refresh(Target target, boolean expired, long expireAt, byte[] info) implements ApiRequest {
        public static final String METHOD = "refresh";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code history}. */
    public record History(String channel, int limit, StreamPosition since, boolean reverse) implements ApiRequest {
        public static final String METHOD = "history";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code presence}: the clients present in a channel. */
    public record Presence(String channel) implements ApiRequest {
        public static final String METHOD = "presence";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code presence_stats}: how many clients and users are present in a channel. */
    public record PresenceStats(String channel) implements ApiRequest {
        public static final String METHOD = "presence_stats";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code history_remove}: drops a channel's history stream. */
    public record HistoryRemove(String channel) implements ApiRequest {
        public static final String METHOD = "history_remove";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code channels}: channels with subscribers, filtered by a glob pattern (null or "" = all). */
    public record Channels(String pattern) implements ApiRequest {
        public static final String METHOD = "channels";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code info}: the live nodes. */
    public record Info() implements ApiRequest {
        public static final String METHOD = "info";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code rpc}: a call of a server-side RPC method.
     *
     * @param rpcMethod the RPC method called ("" for none; the request's {@code method} field)
     * @param params raw JSON of the call's parameters, or null
     */
    public record Rpc(String rpcMethod, byte[] params) implements ApiRequest {
        public static final String METHOD = "rpc";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code batch}: commands run together, one reply each in their order. */
    public record Batch(List<ApiRequest> commands) implements ApiRequest {
        public static final String METHOD = "batch";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * A command a binding could not read (a malformed batch entry, a field of the wrong type, an
     * unknown method): executing it answers {@code error}.
     */
    public record Invalid(ApiError error) implements ApiRequest {
        @Override
        public String method() {
            return "";
        }
    }
}
