package io.xshathra.controlplane.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.io.IOException;
import java.util.Base64;

/**
 * How the tenant API writes the engine's values in camelCase JSON. A payload (publication data,
 * connection or channel info) that is one complete JSON value is written as that JSON, byte for
 * byte; any other payload (a Protobuf client's binary data) is written as standard base64 under
 * the name with a {@code b64} prefix ({@code b64data}, {@code b64connInfo}, {@code b64chanInfo}).
 * Optional members are written only when present.
 */
final class TenantJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    private TenantJson() {
    }

    /** {@code {"data"|"b64data", "offset", "info"?, "tags"?}}. */
    static ObjectNode publication(Publication p) {
        ObjectNode out = JSON.createObjectNode();
        payload(out, "data", "b64data", p.getData());
        out.put("offset", p.getOffset());
        if (p.hasInfo()) {
            out.set("info", client(p.getInfo()));
        }
        if (p.getTagsCount() > 0) {
            ObjectNode tags = out.putObject("tags");
            p.getTagsMap().forEach(tags::put);
        }
        return out;
    }

    /** {@code {"client", "user", "connInfo"?, "chanInfo"?}} (or their {@code b64} forms). */
    static ObjectNode client(ClientInfo c) {
        ObjectNode out = JSON.createObjectNode().put("client", c.getClient()).put("user", c.getUser());
        if (!c.getConnInfo().isEmpty()) {
            payload(out, "connInfo", "b64connInfo", c.getConnInfo());
        }
        if (!c.getChanInfo().isEmpty()) {
            payload(out, "chanInfo", "b64chanInfo", c.getChanInfo());
        }
        return out;
    }

    private static void payload(ObjectNode out, String name, String b64Name, ByteString bytes) {
        if (isJson(bytes)) {
            out.putRawValue(name, new RawValue(bytes.toStringUtf8()));
        } else {
            out.put(b64Name, Base64.getEncoder().encodeToString(bytes.toByteArray()));
        }
    }

    /** Whether the bytes are exactly one complete JSON value (UTF-8, nothing after it). */
    static boolean isJson(ByteString bytes) {
        if (bytes.isEmpty()) {
            return false;
        }
        try (JsonParser p = FACTORY.createParser(bytes.newInput())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return false;
            }
            if (first.isStructStart()) {
                // Reads every token (skipChildren would not check what it skips).
                int depth = 0;
                for (JsonToken t = first; t != null; t = depth == 0 ? null : p.nextToken()) {
                    depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                    if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                        p.getText();
                    }
                }
            } else if (first == JsonToken.VALUE_STRING) {
                p.getText();
            }
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
