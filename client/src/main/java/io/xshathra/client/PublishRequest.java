package io.xshathra.client;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link XshathraClient#publish} sends into one channel of the project. Exactly one of
 * {@code data} (any value Jackson serialises: a map, a record, a {@code JsonNode}…) and
 * {@code binary} is set; build with {@link #json}, {@link #rawJson} or {@link #binary}.
 *
 * @param channel        required; its namespace must exist on the server
 * @param data           the payload as a value to serialise to JSON, or null with {@code binary}
 * @param rawJson        true when {@code data} is a String that already holds JSON text
 * @param binary         a binary payload (sent as {@code b64data}; for Protobuf subscribers only)
 * @param idempotencyKey a repeat with the same key within 5 minutes is not published again; null for none
 * @param tags           delivered with the publication; empty for none
 * @param skipHistory    do not store in the channel's history
 */
public record PublishRequest(String channel, Object data, boolean rawJson, byte[] binary, String idempotencyKey,
        Map<String, String> tags, boolean skipHistory) implements PayloadFields {
    public PublishRequest {
        Objects.requireNonNull(channel, "channel");
        if ((data == null) == (binary == null)) {
            throw new IllegalArgumentException("give either data or binary, not both or neither");
        }
        binary = binary == null ? null : binary.clone();
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Publishes {@code data} serialised as JSON (a String becomes a JSON string). */
    public static PublishRequest json(String channel, Object data) {
        return new PublishRequest(channel, Objects.requireNonNull(data, "data"), false, null, null, null, false);
    }

    /** Publishes JSON text as it is, e.g. {@code "{\"text\":\"hello\"}"}; text that is not JSON is refused when sent. */
    public static PublishRequest rawJson(String channel, String json) {
        return new PublishRequest(channel, Objects.requireNonNull(json, "json"), true, null, null, null, false);
    }

    /** Publishes bytes as they are (Protobuf subscribers only: JSON subscribers are disconnected). */
    public static PublishRequest binary(String channel, byte[] bytes) {
        return new PublishRequest(channel, null, false, Objects.requireNonNull(bytes, "bytes"), null, null, false);
    }

    public PublishRequest withIdempotencyKey(String key) {
        return new PublishRequest(channel, data, rawJson, binary, key, tags, skipHistory);
    }

    public PublishRequest withTags(Map<String, String> publicationTags) {
        return new PublishRequest(channel, data, rawJson, binary, idempotencyKey, publicationTags, skipHistory);
    }

    public PublishRequest withSkipHistory(boolean skip) {
        return new PublishRequest(channel, data, rawJson, binary, idempotencyKey, tags, skip);
    }

    @Override
    public byte[] binary() {
        return binary == null ? null : binary.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishRequest p && channel.equals(p.channel) && Objects.equals(data, p.data)
                && rawJson == p.rawJson && Arrays.equals(binary, p.binary)
                && Objects.equals(idempotencyKey, p.idempotencyKey) && tags.equals(p.tags)
                && skipHistory == p.skipHistory;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, data, rawJson, Arrays.hashCode(binary), idempotencyKey, tags, skipHistory);
    }

    @Override
    public String toString() {
        return "PublishRequest[channel=" + channel + (binary == null ? ", json" : ", " + binary.length + " bytes")
                + (idempotencyKey == null ? "" : ", idempotencyKey=" + idempotencyKey) + ", tags=" + tags
                + ", skipHistory=" + skipHistory + "]";
    }
}
