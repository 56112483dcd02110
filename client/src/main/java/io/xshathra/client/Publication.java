package io.xshathra.client;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One publication read from a channel's history.
 *
 * @param data   the payload as JSON text when it is JSON, else null
 * @param binary the payload's bytes when it is not JSON (the server sends them as {@code b64data}), else null
 * @param offset its position in the channel's history
 * @param tags   the publication's tags; empty when it has none
 * @param info   the publishing client when a client published it, else null
 */
public record Publication(String data, byte[] binary, long offset, Map<String, String> tags, ClientInfo info) {
    public Publication {
        binary = binary == null ? null : binary.clone();
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The JSON payload read as {@code type} (a record, {@code Map.class}, {@code JsonNode.class}…). */
    public <T> T dataAs(Class<T> type) {
        if (data == null) {
            throw new InvalidRequestException(0, "invalid_field", "data: this publication is binary", "data");
        }
        return Json.read(data, type);
    }

    @Override
    public byte[] binary() {
        return binary == null ? null : binary.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Publication p && Objects.equals(data, p.data) && Arrays.equals(binary, p.binary)
                && offset == p.offset && tags.equals(p.tags) && Objects.equals(info, p.info);
    }

    @Override
    public int hashCode() {
        return Objects.hash(data, Arrays.hashCode(binary), offset, tags, info);
    }

    @Override
    public String toString() {
        return "Publication[offset=" + offset + ", " + (data != null ? "data=" + data : binary.length + " bytes")
                + (tags.isEmpty() ? "" : ", tags=" + tags) + (info == null ? "" : ", info=" + info) + "]";
    }
}
