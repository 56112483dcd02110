package io.xshathra.netty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.protobuf.ByteString;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiResponse;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.api.NodeInfo;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes server API results in the reference's JSON shapes: zero values omitted, except the
 * fields every client expects to find (user/client, presence, counts, history's position).
 */
final class ApiJsonWriter {
    private static final JsonFactory JSON = new JsonFactory();
    /** Responses are written by the parser's mapper's factory, as they always were. */
    private static final JsonFactory OUT = ApiRequestParser.MAPPER.getFactory();

    private ApiJsonWriter() {
    }

    /** The body of a single method's answer: {@code {"result":...}} or {@code {"error":...}}. */
    static byte[] response(ApiResult r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = OUT.createGenerator(out)) {
            g.writeStartObject();
            if (r.error() != null) {
                error(g, r.error());
            } else {
                g.writeFieldName("result");
                result(g, r);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body of a batch: {@code {"replies":[...]}}, never wrapped in {@code result}. */
    static byte[] batch(ApiResult.Replies r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = OUT.createGenerator(out)) {
            replies(g, r.replies());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body of an error in transport error mode: the bare error object. */
    static byte[] bareError(ApiError e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = OUT.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("code", e.code());
            g.writeStringField("message", e.message());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** A successful result's value, by its shape. */
    static void result(JsonGenerator g, ApiResult r) throws IOException {
        if (r instanceof ApiResult.Position p) {
            position(g, p.position());
        } else if (r instanceof ApiResult.Positions p) {
            positions(g, p.responses());
        } else if (r instanceof ApiResult.Presence p) {
            presence(g, p.clients());
        } else if (r instanceof ApiResult.PresenceCounts p) {
            presenceStats(g, p.stats());
        } else if (r instanceof ApiResult.History h) {
            history(g, h.history());
        } else if (r instanceof ApiResult.Channels c) {
            channels(g, c.counts());
        } else if (r instanceof ApiResult.Nodes n) {
            info(g, n.nodes());
        } else if (r instanceof ApiResult.Replies b) {
            replies(g, b.replies());
        } else if (r instanceof ApiResult.MapUpdate m) {
            mapUpdate(g, m.update());
        } else if (r instanceof ApiResult.MapEntries m) {
            mapEntries(g, m);
        } else if (r instanceof ApiResult.MapCount m) {
            g.writeStartObject();
            if (m.numKeys() != 0) {
                g.writeNumberField("num_keys", m.numKeys());
            }
            g.writeEndObject();
        } else if (r instanceof ApiResult.Empty) {
            g.writeStartObject();
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("not a result: " + r);
        }
    }

    /** A batch: each reply keyed by its method, or an error, in order. */
    private static void replies(JsonGenerator g, List<ApiResult.Reply> replies) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("replies");
        for (ApiResult.Reply reply : replies) {
            g.writeStartObject();
            if (reply.result().error() != null) {
                error(g, reply.result().error());
            } else {
                g.writeFieldName(reply.method());
                result(g, reply.result());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void positions(JsonGenerator g, List<ApiResponse<StreamPosition>> responses)
            throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("responses");
        for (ApiResponse<StreamPosition> r : responses) {
            g.writeStartObject();
            if (r.error() != null) {
                error(g, r.error());
            } else {
                g.writeFieldName("result");
                position(g, r.result());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void error(JsonGenerator g, ApiError e) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeNumberField("code", e.code());
        g.writeStringField("message", e.message());
        g.writeEndObject();
    }

    static void position(JsonGenerator g, StreamPosition p) throws IOException {
        g.writeStartObject();
        if (p.offset() != 0) {
            g.writeNumberField("offset", p.offset());
        }
        if (!p.epoch().isEmpty()) {
            g.writeStringField("epoch", p.epoch());
        }
        g.writeEndObject();
    }

    /** {@code map_publish} / {@code map_remove}: the change's position and whether it was suppressed. */
    private static void mapUpdate(JsonGenerator g, io.xshathra.engine.broker.MapUpdateResult u) throws IOException {
        g.writeStartObject();
        if (u.position().offset() != 0) {
            g.writeNumberField("offset", u.position().offset());
        }
        if (!u.position().epoch().isEmpty()) {
            g.writeStringField("epoch", u.position().epoch());
        }
        if (u.suppressed()) {
            g.writeBooleanField("suppressed", true);
            g.writeStringField("suppress_reason", u.suppressReason());
        }
        g.writeEndObject();
    }

    /**
     * {@code map_read_state} / {@code map_read_stream}: entries, the position and the next page's
     * cursor; zero values are left out, as Centrifugo does.
     */
    private static void mapEntries(JsonGenerator g, ApiResult.MapEntries m) throws IOException {
        g.writeStartObject();
        if (!m.entries().isEmpty()) {
            g.writeArrayFieldStart("entries");
            for (Publication p : m.entries()) {
                g.writeStartObject();
                g.writeStringField("key", p.getKey());
                raw(g, "data", p.getData());
                tags(g, p);
                if (p.getOffset() != 0) {
                    g.writeNumberField("offset", p.getOffset());
                }
                if (p.getScore() != 0) {
                    g.writeNumberField("score", p.getScore());
                }
                if (p.getRemoved()) {
                    g.writeBooleanField("removed", true);
                }
                if (p.getTime() != 0) {
                    g.writeNumberField("time", p.getTime());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (m.position().offset() != 0) {
            g.writeNumberField("offset", m.position().offset());
        }
        if (!m.position().epoch().isEmpty()) {
            g.writeStringField("epoch", m.position().epoch());
        }
        if (!m.cursor().isEmpty()) {
            g.writeStringField("cursor", m.cursor());
        }
        g.writeEndObject();
    }

    private static void tags(JsonGenerator g, Publication p) throws IOException {
        if (p.getTagsCount() > 0) {
            g.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> t : p.getTagsMap().entrySet()) {
                g.writeStringField(t.getKey(), t.getValue());
            }
            g.writeEndObject();
        }
    }

    /** Raw JSON bytes written as-is when valid JSON, otherwise as a base64 {@code b64<name>} field. */
    static void raw(JsonGenerator g, String name, ByteString bytes) throws IOException {
        if (bytes.isEmpty()) {
            return;
        }
        byte[] b = bytes.toByteArray();
        if (isJson(b)) {
            g.writeFieldName(name);
            g.writeRawValue(bytes.toStringUtf8());
        } else {
            g.writeStringField("b64" + name, Base64.getEncoder().encodeToString(b));
        }
    }

    private static boolean isJson(byte[] b) {
        try (JsonParser p = JSON.createParser(b)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    static void clientInfo(JsonGenerator g, ClientInfo info) throws IOException {
        g.writeStartObject();
        g.writeStringField("user", info.getUser());
        g.writeStringField("client", info.getClient());
        raw(g, "conn_info", info.getConnInfo());
        raw(g, "chan_info", info.getChanInfo());
        g.writeEndObject();
    }

    static void presence(JsonGenerator g, Map<String, ClientInfo> presence) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("presence");
        for (Map.Entry<String, ClientInfo> e : presence.entrySet()) {
            g.writeFieldName(e.getKey());
            clientInfo(g, e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    static void presenceStats(JsonGenerator g, PresenceStats s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("num_clients", s.numClients());
        g.writeNumberField("num_users", s.numUsers());
        g.writeEndObject();
    }

    static void history(JsonGenerator g, HistoryResult h) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("publications");
        for (Publication p : h.publications()) {
            g.writeStartObject();
            raw(g, "data", p.getData());
            if (p.hasInfo()) {
                g.writeFieldName("info");
                clientInfo(g, p.getInfo());
            }
            if (p.getOffset() != 0) {
                g.writeNumberField("offset", p.getOffset());
            }
            if (p.getTagsCount() > 0) {
                g.writeObjectFieldStart("tags");
                for (Map.Entry<String, String> t : p.getTagsMap().entrySet()) {
                    g.writeStringField(t.getKey(), t.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("epoch", h.top().epoch());
        g.writeNumberField("offset", h.top().offset());
        g.writeEndObject();
    }

    static void channels(JsonGenerator g, Map<String, Integer> channels) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("channels");
        for (Map.Entry<String, Integer> e : channels.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("num_clients", e.getValue());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    static void info(JsonGenerator g, List<NodeInfo> nodes) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("nodes");
        for (NodeInfo n : nodes) {
            g.writeStartObject();
            g.writeStringField("uid", n.uid());
            g.writeStringField("name", n.name());
            g.writeStringField("version", n.version());
            g.writeNumberField("num_clients", n.numClients());
            g.writeNumberField("num_users", n.numUsers());
            g.writeNumberField("num_channels", n.numChannels());
            if (n.uptimeSeconds() > 0) {
                g.writeNumberField("uptime", n.uptimeSeconds());
            }
            g.writeNumberField("num_subs", n.numSubs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
