package io.xshathra.engine.api;

import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.token.SubscribeOptionOverride;
import java.util.List;
import java.util.Map;

/** The requests of the server API, as parsed by a binding (HTTP JSON, or the control plane). */
public final class ApiRequests {
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
                          String idempotencyKey, boolean delta) {

        /** Without delta. */
        public Publish(String channel, byte[] data, boolean skipHistory, Map<String, String> tags,
                       String idempotencyKey) {
            this(channel, data, skipHistory, tags, idempotencyKey, false);
        }
    }

    /** {@code broadcast}: the same publication to several channels. */
    public record Broadcast(List<String> channels, byte[] data, boolean skipHistory, Map<String, String> tags,
                            String idempotencyKey, boolean delta) {

        /** Without delta. */
        public Broadcast(List<String> channels, byte[] data, boolean skipHistory, Map<String, String> tags,
                         String idempotencyKey) {
            this(channels, data, skipHistory, tags, idempotencyKey, false);
        }
    }

    /** Selects connections: a user ("" = anonymous), optionally narrowed to one client or session. */
    public record Target(String user, String client, String session) {
    }

    /** {@code subscribe}: a server-side subscription for the target's connections. */
    public record Subscribe(Target target, String channel, byte[] info, byte[] data, StreamPosition recoverSince,
                            long expireAt, SubscribeOptionOverride override) {
    }

    /** {@code unsubscribe}; an empty channel means every channel. */
    public record Unsubscribe(Target target, String channel) {
    }

    /** {@code disconnect}; connections whose client id is in {@code whitelist} stay. */
    public record Disconnect(Target target, List<String> whitelist, int code, String reason) {
    }

    /** {@code refresh}: extend, end ({@code expired}) or replace the info of connections. */
    public record Refresh(Target target, boolean expired, long expireAt, byte[] info) {
    }

    /** {@code history}. */
    public record History(String channel, int limit, StreamPosition since, boolean reverse) {
    }
}
