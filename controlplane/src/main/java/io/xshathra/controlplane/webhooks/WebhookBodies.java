package io.xshathra.controlplane.webhooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.xshathra.controlplane.security.Ulid;
import io.xshathra.engine.project.TenantEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes webhook request bodies: {@code {"timeMs":…,"events":[…]}}, each event
 * {@code {"id","name","channel","timeMs"}} plus {@code "user"} and {@code "client"} for member
 * events and client publications, and the publication's payload as {@code "data"} when it is
 * JSON, else as standard base64 in {@code "b64data"} (as the tenant API writes payloads). A list
 * of events is cut into bodies of at most {@value #MAX_EVENTS} events and about
 * {@value #MAX_BYTES} bytes.
 */
final class WebhookBodies {

    static final int MAX_EVENTS = 100;
    static final int MAX_BYTES = 256 * 1024;
    private static final JsonFactory FACTORY = new JsonFactory();

    private WebhookBodies() {
    }

    /** A body and how many events it holds. */
    record Body(String json, int events) {
    }

    /** The events' JSON objects, one string each (written once, shared by every endpoint). */
    static String event(TenantEvent e) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", "evt_" + Ulid.generator().next());
            g.writeStringField("name", e.kind().wireName());
            g.writeStringField("channel", e.channel());
            g.writeNumberField("timeMs", e.timeMs());
            if (e.kind() != TenantEvent.Kind.CHANNEL_OCCUPIED && e.kind() != TenantEvent.Kind.CHANNEL_VACATED) {
                g.writeStringField("user", e.user());
                g.writeStringField("client", e.client());
            }
            if (e.kind() == TenantEvent.Kind.CLIENT_PUBLICATION && e.data() != null) {
                if (isJson(e.data())) {
                    g.writeFieldName("data");
                    g.writeRawValue(new String(e.data(), java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    g.writeStringField("b64data", Base64.getEncoder().encodeToString(e.data()));
                }
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Cuts the events (JSON objects from {@link #event}) into bodies stamped with {@code nowMs}. */
    static List<Body> bodies(List<String> events, long nowMs) {
        List<Body> out = new ArrayList<>();
        StringBuilder sb = null;
        int n = 0;
        for (String e : events) {
            if (sb != null && (n >= MAX_EVENTS || sb.length() + e.length() > MAX_BYTES)) {
                out.add(new Body(sb.append("]}").toString(), n));
                sb = null;
            }
            if (sb == null) {
                sb = new StringBuilder(Math.min(MAX_BYTES, 256 + e.length())).append("{\"timeMs\":").append(nowMs)
                        .append(",\"events\":[");
                n = 0;
            } else {
                sb.append(',');
            }
            sb.append(e);
            n++;
        }
        if (sb != null) {
            out.add(new Body(sb.append("]}").toString(), n));
        }
        return out;
    }

    /** Whether the bytes are exactly one complete JSON value (UTF-8, nothing after it). */
    static boolean isJson(byte[] bytes) {
        if (bytes.length == 0) {
            return false;
        }
        try (JsonParser p = FACTORY.createParser(bytes)) {
            int depth = 0;
            JsonToken t = p.nextToken();
            if (t == null) {
                return false;
            }
            do {
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    p.getText();
                }
                t = depth == 0 ? null : p.nextToken();
            } while (t != null);
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
