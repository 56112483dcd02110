package io.xshathra.engine.proxy;

import io.xshathra.engine.token.SubscribeOptionOverride;
import java.util.List;
import java.util.Map;

/**
 * What a backend answers in {@code result}, one record per kind, mirroring Centrifugo's
 * {@code proxy.proto}. Option overrides ({@code override}) are null when the backend sent none. Byte fields hold the decoded value whether the backend sent raw JSON
 * ({@code info}, {@code data}) or base64 ({@code b64info}, {@code b64data}); null when absent.
 */
public final class ProxyResult {
    private ProxyResult() {
    }

    /** One server-side subscription of a connect result's {@code subs}. */
    public record SubscribeOptions(long expireAt, byte[] info, byte[] data, SubscribeOptionOverride override) {
    }

    /** The connect result; an empty {@code user} connects an anonymous user. */
    public record Connect(String user, long expireAt, byte[] info, byte[] data, List<String> channels,
                          Map<String, SubscribeOptions> subs, byte[] meta) {
        public Connect {
            channels = List.copyOf(channels);
            subs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subs));
        }
    }

    /** The refresh result: expired ends the connection, else {@code expireAt} extends it. */
    public record Refresh(boolean expired, long expireAt, byte[] info, byte[] meta) {
    }

    /** The subscribe result. */
    public record Subscribe(long expireAt, byte[] info, byte[] data, SubscribeOptionOverride override) {
    }

    /**
     * The publish result: {@code data} replaces the client's (null keeps it), {@code skipHistory}
     * publishes without history.
     */
    public record Publish(byte[] data, boolean skipHistory, Map<String, String> tags, String idempotencyKey,
                          boolean delta) {
        public Publish {
            tags = Map.copyOf(tags);
        }
    }

    /**
     * The map publish result: what the server writes in place of the client's request.
     *
     * @param key            replaces the client's key ("" keeps it)
     * @param data           replaces the client's data (null keeps it)
     * @param keyMode        "" (replace), {@code if_new} or {@code if_exists}
     * @param version        the entry's version (0 = none)
     */
    public record MapPublish(String key, byte[] data, Map<String, String> tags, String keyMode,
                             String idempotencyKey, boolean delta, long version, String versionEpoch) {
        public MapPublish {
            tags = Map.copyOf(tags);
        }
    }

    /** The map remove result: {@code key} replaces the client's ("" keeps it). */
    public record MapRemove(String key, Map<String, String> tags, String idempotencyKey) {
        public MapRemove {
            tags = Map.copyOf(tags);
        }
    }

    /** The RPC result. */
    public record Rpc(byte[] data) {
    }

    /** The sub_refresh result: expired ends the subscription, else {@code expireAt} extends it. */
    public record SubRefresh(boolean expired, long expireAt, byte[] info) {
    }

    /**
     * The shared-poll refresh result: changed keys (a key left out is unchanged) and, for versioned
     * channels, the backend's epoch ({@code ""} = none).
     */
    public record SharedPollRefresh(List<PollItem> items, String epoch) {
        public SharedPollRefresh {
            items = List.copyOf(items);
        }
    }

    /**
     * One key of a shared-poll refresh result.
     *
     * @param key      the key
     * @param data     its current data (raw JSON), or null
     * @param version  its version (0 = none: the server detects changes itself)
     * @param removed  the key no longer exists
     * @param prevData the data of the previous version, a delta base (raw JSON), or null
     */
    public record PollItem(String key, byte[] data, long version, boolean removed, byte[] prevData) {
    }
}
