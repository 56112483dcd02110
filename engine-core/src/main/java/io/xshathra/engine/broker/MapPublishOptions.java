package io.xshathra.engine.broker;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.ClientInfo;
import java.util.Map;

/**
 * How one key is written to a map channel.
 *
 * @param data                 the entry's data
 * @param tags                 the entry's tags (empty = none)
 * @param info                 the writing client (null for server writes)
 * @param idempotencyKey       a repeated write with this key within 5 minutes is suppressed (null = none)
 * @param keyMode              when the write applies
 * @param refreshTtlOnSuppress a write suppressed by {@link MapKeyMode#IF_NEW} still extends the key's TTL
 * @param version              the entry's version; a write not newer than the stored one is suppressed (0 = none;
 *                             modes with a stream only)
 * @param versionEpoch         versions compare only within one version epoch ("" = any)
 * @param delta                hand the key's previous entry to the event handler with the change, so delta
 *                             subscribers can be sent a fossil patch against it
 */
public record MapPublishOptions(ByteString data, Map<String, String> tags, ClientInfo info, String idempotencyKey,
                                MapKeyMode keyMode, boolean refreshTtlOnSuppress, long version, String versionEpoch,
                                boolean delta) {

    /** A plain write of {@code data} by {@code info} (null for the server). */
    public static MapPublishOptions of(ByteString data, ClientInfo info) {
        return of(data, info, false);
    }

    /** A plain write, with the key's previous entry handed on for delta subscribers when {@code delta}. */
    public static MapPublishOptions of(ByteString data, ClientInfo info, boolean delta) {
        return new MapPublishOptions(data, Map.of(), info, null, MapKeyMode.REPLACE, false, 0, "", delta);
    }
}
