package io.xshathra.engine.proxy;

import static io.xshathra.engine.proxy.ProxyJson.bool;
import static io.xshathra.engine.proxy.ProxyJson.int64;
import static io.xshathra.engine.proxy.ProxyJson.malformed;
import static io.xshathra.engine.proxy.ProxyJson.present;
import static io.xshathra.engine.proxy.ProxyJson.raw;
import static io.xshathra.engine.proxy.ProxyJson.rawOrB64;
import static io.xshathra.engine.proxy.ProxyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.token.SubscribeOptionOverride;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code result} object of a reply into the result record of the request's kind. */
final class ProxyResultReader {
    /** More server-side channels than any connection may hold is a broken reply, not a request. */
    private static final int MAX_CHANNELS = 4096;

    private ProxyResultReader() {
    }

    @SuppressWarnings("unchecked")
    static <R> R read(ProxyRequest<R> req, JsonNode r) {
        Object out;
        if (req instanceof ProxyRequest.Connect) {
            out = connect(r);
        } else if (req instanceof ProxyRequest.Refresh) {
            out = new ProxyResult.Refresh(bool(r, "expired"), int64(r, "expire_at"), rawOrB64(r, "info"),
                    raw(r, "meta"));
        } else if (req instanceof ProxyRequest.Subscribe) {
            out = new ProxyResult.Subscribe(int64(r, "expire_at"), rawOrB64(r, "info"), rawOrB64(r, "data"),
                    override(r.get("override")));
        } else if (req instanceof ProxyRequest.Publish) {
            out = publish(r);
        } else if (req instanceof ProxyRequest.MapPublish) {
            out = mapPublish(r);
        } else if (req instanceof ProxyRequest.MapRemove) {
            out = new ProxyResult.MapRemove(text(r, "key"), tags(r), text(r, "idempotency_key"));
        } else if (req instanceof ProxyRequest.Rpc) {
            out = new ProxyResult.Rpc(rawOrB64(r, "data"));
        } else if (req instanceof ProxyRequest.SharedPollRefresh) {
            out = sharedPollRefresh(r);
        } else {
            out = new ProxyResult.SubRefresh(bool(r, "expired"), int64(r, "expire_at"), rawOrB64(r, "info"));
        }
        return (R) out;
    }

    /** Items beyond this many are a broken reply (no poll asks for more keys at once). */
    static final int MAX_POLL_ITEMS = 100_000;

    private static ProxyResult.SharedPollRefresh sharedPollRefresh(JsonNode r) {
        List<ProxyResult.PollItem> items = new ArrayList<>();
        JsonNode list = r.get("items");
        if (present(list)) {
            if (!list.isArray()) {
                throw malformed("items is not an array");
            }
            if (list.size() > MAX_POLL_ITEMS) {
                throw malformed("more than " + MAX_POLL_ITEMS + " items");
            }
            for (JsonNode it : list) {
                ProxyJson.object(it, "item");
                long version = int64(it, "version");
                if (version < 0) {
                    throw malformed("version is negative");
                }
                items.add(new ProxyResult.PollItem(text(it, "key"), raw(it, "data"), version, bool(it, "removed"),
                        raw(it, "prev_data")));
            }
        }
        return new ProxyResult.SharedPollRefresh(items, text(r, "epoch"));
    }

    private static ProxyResult.Connect connect(JsonNode r) {
        List<String> channels = new ArrayList<>();
        JsonNode chs = r.get("channels");
        if (present(chs)) {
            if (!chs.isArray() || chs.size() > MAX_CHANNELS) {
                throw malformed("channels is not an array of at most " + MAX_CHANNELS);
            }
            for (JsonNode ch : chs) {
                if (!ch.isTextual()) {
                    throw malformed("channels holds a non-string");
                }
                channels.add(ch.asText());
            }
        }
        Map<String, ProxyResult.SubscribeOptions> subs = new LinkedHashMap<>();
        JsonNode s = r.get("subs");
        if (present(s)) {
            if (!s.isObject() || s.size() > MAX_CHANNELS) {
                throw malformed("subs is not an object of at most " + MAX_CHANNELS);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode o = e.getValue();
                if (!o.isObject()) {
                    throw malformed("subs." + e.getKey() + " is not an object");
                }
                subs.put(e.getKey(), new ProxyResult.SubscribeOptions(int64(o, "expire_at"), rawOrB64(o, "info"),
                        rawOrB64(o, "data"), override(o.get("override"))));
            }
        }
        return new ProxyResult.Connect(text(r, "user"), int64(r, "expire_at"), rawOrB64(r, "info"),
                rawOrB64(r, "data"), channels, subs, raw(r, "meta"));
    }

    private static ProxyResult.MapPublish mapPublish(JsonNode r) {
        // As in the reference, raw data wins over b64data.
        byte[] data = raw(r, "data");
        if (data == null) {
            data = rawOrB64(r, "data");
        }
        long version = int64(r, "version");
        if (version < 0) {
            throw malformed("version is negative");
        }
        return new ProxyResult.MapPublish(text(r, "key"), data, tags(r), text(r, "key_mode"),
                text(r, "idempotency_key"), bool(r, "delta"), version, text(r, "version_epoch"));
    }

    private static ProxyResult.Publish publish(JsonNode r) {
        Map<String, String> tags = tags(r);
        // As in the reference, raw data wins over b64data here.
        byte[] data = raw(r, "data");
        if (data == null) {
            data = rawOrB64(r, "data");
        }
        return new ProxyResult.Publish(data, bool(r, "skip_history"), tags, text(r, "idempotency_key"),
                bool(r, "delta"));
    }

    private static Map<String, String> tags(JsonNode r) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode t = r.get("tags");
        if (present(t)) {
            if (!t.isObject()) {
                throw malformed("tags is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw malformed("tags." + e.getKey() + " is not a string");
                }
                tags.put(e.getKey(), e.getValue().asText());
            }
        }
        return tags;
    }

    private static SubscribeOptionOverride override(JsonNode o) {
        if (!present(o)) {
            return null;
        }
        if (!o.isObject()) {
            throw malformed("override is not an object");
        }
        return new SubscribeOptionOverride(flag(o, "presence"), flag(o, "join_leave"),
                flag(o, "force_push_join_leave"), flag(o, "force_recovery"), flag(o, "force_positioning"));
    }

    /** A {@code BoolValue} wrapper: {@code {"value": true}}. */
    private static Boolean flag(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (!present(v)) {
            return null;
        }
        if (!v.isObject()) {
            throw malformed("override." + field + " is not an object");
        }
        return bool(v, "value");
    }
}
