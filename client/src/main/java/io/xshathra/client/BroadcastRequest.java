package io.xshathra.client;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link XshathraClient#broadcast} publishes: the same payload into each of several of the
 * project's channels (the server takes at most 100, none twice). Built like a
 * {@link PublishRequest}: with {@link #json}, {@link #rawJson} or {@link #binary}, then the
 * {@code with…} methods.
 *
 * @param channels       required, in the order the results come back
 * @param data           the payload as a value to serialise to JSON, or null with {@code binary}
 * @param rawJson        true when {@code data} is a String that already holds JSON text
 * @param binary         a binary payload (sent as {@code b64data}), or null
 * @param idempotencyKey a repeat with the same key within 5 minutes is not published again; null for none
 * @param tags           delivered with each publication; empty for none
 * @param skipHistory    do not store in the channels' history
 */
public record BroadcastRequest(List<String> channels, Object data, boolean rawJson, byte[] binary,
        String idempotencyKey, Map<String, String> tags, boolean skipHistory) implements PayloadFields {
    public BroadcastRequest {
        channels = List.copyOf(channels);
        if ((data == null) == (binary == null)) {
            throw new IllegalArgumentException("give either data or binary, not both or neither");
        }
        binary = binary == null ? null : binary.clone();
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Broadcasts {@code data} serialised as JSON. */
    public static BroadcastRequest json(List<String> channels, Object data) {
        return new BroadcastRequest(channels, Objects.requireNonNull(data, "data"), false, null, null, null, false);
    }

    /** Broadcasts JSON text as it is. */
    public static BroadcastRequest rawJson(List<String> channels, String json) {
        return new BroadcastRequest(channels, Objects.requireNonNull(json, "json"), true, null, null, null, false);
    }

    /** Broadcasts bytes as they are (Protobuf subscribers only). */
    public static BroadcastRequest binary(List<String> channels, byte[] bytes) {
        return new BroadcastRequest(channels, null, false, Objects.requireNonNull(bytes, "bytes"), null, null, false);
    }

    public BroadcastRequest withIdempotencyKey(String key) {
        return new BroadcastRequest(channels, data, rawJson, binary, key, tags, skipHistory);
    }

    public BroadcastRequest withTags(Map<String, String> publicationTags) {
        return new BroadcastRequest(channels, data, rawJson, binary, idempotencyKey, publicationTags, skipHistory);
    }

    public BroadcastRequest withSkipHistory(boolean skip) {
        return new BroadcastRequest(channels, data, rawJson, binary, idempotencyKey, tags, skip);
    }

    @Override
    public byte[] binary() {
        return binary == null ? null : binary.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BroadcastRequest b && channels.equals(b.channels) && Objects.equals(data, b.data)
                && rawJson == b.rawJson && Arrays.equals(binary, b.binary)
                && Objects.equals(idempotencyKey, b.idempotencyKey) && tags.equals(b.tags)
                && skipHistory == b.skipHistory;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, data, rawJson, Arrays.hashCode(binary), idempotencyKey, tags, skipHistory);
    }

    @Override
    public String toString() {
        return "BroadcastRequest[channels=" + channels + (binary == null ? ", json" : ", " + binary.length + " bytes")
                + (idempotencyKey == null ? "" : ", idempotencyKey=" + idempotencyKey) + ", tags=" + tags
                + ", skipHistory=" + skipHistory + "]";
    }
}
