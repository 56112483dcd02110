package io.xshathra.engine.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The JSON bodies of the HTTP proxy: requests as Centrifugo sends them (its field names, empty
 * fields left out, payloads as raw JSON or as base64 {@code b64data}), replies as backends answer
 * them ({@code result}, {@code error}, {@code disconnect}). A reply that is not a JSON object, has
 * a field of the wrong type or undecodable base64 is a {@link ProxyException} (MALFORMED).
 */
public final class ProxyJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ProxyJson() {
    }

    /** The request body; {@code binary} sends payloads as {@code b64data}. */
    public static byte[] encode(ProxyRequest<?> req, boolean binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (req instanceof ProxyRequest.SharedPollRefresh r) {
                // A background call: proxy.proto's request has no connection fields.
                sharedPollRefresh(g, r);
                g.writeEndObject();
                g.flush();
                return out.toByteArray();
            }
            ProxyRequest.Caller c = req.caller();
            string(g, "client", c.client());
            string(g, "transport", c.transport());
            string(g, "protocol", c.protocol());
            string(g, "encoding", binary ? "binary" : "json");
            string(g, "user", c.user());
            // Fields follow proxy.proto's numbering, as the reference's encoder writes them.
            fields(g, req, binary);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void fields(JsonGenerator g, ProxyRequest<?> req, boolean binary) throws IOException {
        if (req instanceof ProxyRequest.Connect r) {
            payload(g, r.data(), binary);
            string(g, "name", r.name());
            string(g, "version", r.version());
            if (!r.channels().isEmpty()) {
                g.writeArrayFieldStart("channels");
                for (String ch : r.channels()) {
                    g.writeString(ch);
                }
                g.writeEndArray();
            }
        } else if (req instanceof ProxyRequest.Subscribe r) {
            string(g, "channel", r.channel());
            string(g, "token", r.token());
            raw(g, "meta", r.caller().meta());
            payload(g, r.data(), binary);
        } else if (req instanceof ProxyRequest.Publish r) {
            string(g, "channel", r.channel());
            payload(g, r.data(), binary);
            raw(g, "meta", r.caller().meta());
        } else if (req instanceof ProxyRequest.MapPublish r) {
            string(g, "channel", r.channel());
            string(g, "key", r.key());
            payload(g, r.data(), binary);
            raw(g, "meta", r.caller().meta());
        } else if (req instanceof ProxyRequest.MapRemove r) {
            string(g, "channel", r.channel());
            string(g, "key", r.key());
            raw(g, "meta", r.caller().meta());
        } else if (req instanceof ProxyRequest.Rpc r) {
            string(g, "method", r.method());
            payload(g, r.data(), binary);
            raw(g, "meta", r.caller().meta());
        } else if (req instanceof ProxyRequest.SubRefresh r) {
            string(g, "channel", r.channel());
            raw(g, "meta", r.caller().meta());
        } else {
            raw(g, "meta", req.caller().meta());
        }
    }

    private static void sharedPollRefresh(JsonGenerator g, ProxyRequest.SharedPollRefresh r) throws IOException {
        string(g, "channel", r.channel());
        if (r.items().isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("items");
        for (ProxyRequest.SharedPollRefresh.Item it : r.items()) {
            g.writeStartObject();
            string(g, "key", it.key());
            if (it.version() != 0) {
                // uint64 on the wire: a version above Long.MAX_VALUE keeps its unsigned value.
                g.writeFieldName("version");
                g.writeRawValue(Long.toUnsignedString(it.version()));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    private static void raw(JsonGenerator g, String name, byte[] json) throws IOException {
        if (json != null && json.length > 0) {
            g.writeFieldName(name);
            g.writeRawValue(new String(json, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * The client's payload: raw JSON (it must be JSON, as Centrifugo's encoder requires) or base64.
     */
    private static void payload(JsonGenerator g, byte[] data, boolean binary) throws IOException {
        if (data == null || data.length == 0) {
            return;
        }
        if (binary) {
            g.writeStringField("b64data", Base64.getEncoder().encodeToString(data));
            return;
        }
        if (!isJson(data)) {
            throw new ProxyException(ProxyException.Reason.MALFORMED, "payload is not JSON (binary_encoding is off)");
        }
        raw(g, "data", data);
    }

    private static boolean isJson(byte[] data) {
        try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Decodes a backend's reply to a request of the given kind. */
    public static <R> ProxyReply<R> decode(ProxyRequest<R> req, byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw malformed("reply is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("reply is not a JSON object");
        }
        JsonNode d = root.get("disconnect");
        if (present(d)) {
            return new ProxyReply<>(null, null, disconnect(d));
        }
        JsonNode e = root.get("error");
        if (present(e)) {
            return new ProxyReply<>(null, error(e), null);
        }
        JsonNode r = root.get("result");
        if (!present(r)) {
            return ProxyReply.of(null);
        }
        if (!r.isObject()) {
            throw malformed("result is not an object");
        }
        return ProxyReply.of(ProxyResultReader.read(req, r));
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }

    /**
     * A backend's disconnect. Its code must be one a WebSocket close frame can carry and the
     * protocol uses (3000-4999); another is a broken reply (the reference writes it into a close
     * frame the client then rejects).
     */
    private static Disconnect disconnect(JsonNode d) {
        object(d, "disconnect");
        long code = uint32(d, "code");
        if (code < 3000 || code > 4999) {
            throw malformed("disconnect code " + code + " is outside 3000-4999");
        }
        return new Disconnect((int) code, text(d, "reason"));
    }

    private static ClientError error(JsonNode e) {
        object(e, "error");
        return new ClientError((int) uint32(e, "code"), text(e, "message"), bool(e, "temporary"));
    }

    static void object(JsonNode n, String what) {
        if (!n.isObject()) {
            throw malformed(what + " is not an object");
        }
    }

    static long uint32(JsonNode n, String field) {
        long v = int64(n, field);
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw malformed(field + " out of range");
        }
        return v;
    }

    static long int64(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!present(v)) {
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw malformed(field + " is not an integer");
        }
        return v.asLong();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!present(v)) {
            return "";
        }
        if (!v.isTextual()) {
            throw malformed(field + " is not a string");
        }
        return v.asText();
    }

    static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!present(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            throw malformed(field + " is not a boolean");
        }
        return v.asBoolean();
    }

    /** A raw JSON field, or its base64 twin ({@code b64<field>}) when that is set; null when neither is. */
    static byte[] rawOrB64(JsonNode n, String field) {
        String b64 = text(n, "b64" + field);
        if (!b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw malformed("b64" + field + " is not base64");
            }
        }
        return raw(n, field);
    }

    static byte[] raw(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!present(v)) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(v);
        } catch (IOException e) {
            throw malformed(field + " cannot be re-encoded");
        }
    }

    static ProxyException malformed(String why) {
        return new ProxyException(ProxyException.Reason.MALFORMED, why);
    }
}
