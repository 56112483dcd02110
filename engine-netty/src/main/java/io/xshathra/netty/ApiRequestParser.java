package io.xshathra.netty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.token.SubscribeOptionOverride;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns server API JSON bodies into request records. Raw JSON fields ({@code data},
 * {@code info}) become compact JSON bytes; {@code b64*} fields win over them. A malformed field
 * makes the request {@link ApiRequests.Invalid} with error 107; an unknown method, 104.
 */
final class ApiRequestParser {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ApiRequests.Invalid MALFORMED = new ApiRequests.Invalid(ApiError.BAD_REQUEST);
    private static final ApiRequests.Invalid UNKNOWN = new ApiRequests.Invalid(ApiError.NOT_FOUND);

    /** A field of the wrong type or encoding. */
    static final class BadField extends RuntimeException {
        BadField(String field) {
            super(field, null, false, false);
        }
    }

    private ApiRequestParser() {
    }

    /**
     * The request of {@code method} with the arguments {@code n} (a JSON object). A batch entry
     * naming {@code batch} becomes a batch without commands: the executor refuses it unread.
     */
    static ApiRequest parse(String method, JsonNode n) {
        try {
            return switch (method) {
                case ApiRequests.Publish.METHOD -> publish(n);
                case ApiRequests.Broadcast.METHOD -> broadcast(n);
                case ApiRequests.Subscribe.METHOD -> subscribe(n);
                case ApiRequests.Unsubscribe.METHOD -> unsubscribe(n);
                case ApiRequests.Disconnect.METHOD -> disconnect(n);
                case ApiRequests.Refresh.METHOD -> refresh(n);
                case ApiRequests.Presence.METHOD -> new ApiRequests.Presence(str(n, "channel"));
                case ApiRequests.PresenceStats.METHOD -> new ApiRequests.PresenceStats(str(n, "channel"));
                case ApiRequests.History.METHOD -> history(n);
                case ApiRequests.HistoryRemove.METHOD -> new ApiRequests.HistoryRemove(str(n, "channel"));
                case ApiRequests.Channels.METHOD -> new ApiRequests.Channels(str(n, "pattern"));
                case ApiRequests.Info.METHOD -> new ApiRequests.Info();
                case ApiRequests.Rpc.METHOD -> new ApiRequests.Rpc(str(n, "method"), json(n.get("params")));
                case ApiRequests.Batch.METHOD -> new ApiRequests.Batch(List.of());
                case ApiRequests.MapPublish.METHOD -> mapPublish(n);
                case ApiRequests.SharedPollPublish.METHOD -> new ApiRequests.SharedPollPublish(str(n, "channel"),
                        str(n, "key"), raw(n, "data"), num(n, "version"), str(n, "epoch"));
                case ApiRequests.MapRemove.METHOD -> new ApiRequests.MapRemove(str(n, "channel"), str(n, "key"),
                        str(n, "idempotency_key"));
                case ApiRequests.MapReadState.METHOD -> new ApiRequests.MapReadState(str(n, "channel"),
                        str(n, "cursor"), int32(n, "limit"), str(n, "key"), num(n, "revision_offset"),
                        str(n, "revision_epoch"));
                case ApiRequests.MapReadStream.METHOD -> new ApiRequests.MapReadStream(str(n, "channel"),
                        num(n, "since_offset"), str(n, "since_epoch"), int32(n, "limit"), bool(n, "reverse"));
                case ApiRequests.MapStats.METHOD -> new ApiRequests.MapStats(str(n, "channel"));
                case ApiRequests.MapClear.METHOD -> new ApiRequests.MapClear(str(n, "channel"));
                default -> UNKNOWN;
            };
        } catch (BadField e) {
            return MALFORMED;
        }
    }

    /**
     * The batch of a {@code batch} body, or null when it has no {@code commands} array (answered
     * 400). Each entry is an object with one field, the method, whose value is an object of
     * arguments; a {@code null} entry is malformed (107), any other shape unknown (104).
     */
    static ApiRequests.Batch batch(JsonNode body) {
        JsonNode commands = body.get("commands");
        if (commands == null || !commands.isArray()) {
            return null;
        }
        List<ApiRequest> out = new ArrayList<>(commands.size());
        for (JsonNode c : commands) {
            if (c.isNull()) {
                out.add(MALFORMED);
                continue;
            }
            String name = c.isObject() && c.size() == 1 ? c.fieldNames().next() : "";
            JsonNode args = name.isEmpty() ? null : c.get(name);
            out.add(args != null && args.isObject() ? parse(name, args) : UNKNOWN);
        }
        return new ApiRequests.Batch(out);
    }

    private static byte[] json(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadField("params");
        }
    }

    static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new BadField(field);
        }
        return v.asText();
    }

    static long num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber()) {
            throw new BadField(field);
        }
        return v.asLong();
    }

    /** A 32-bit integer field (the wire type of limits); out of range is malformed. */
    static int int32(JsonNode n, String field) {
        long v = num(n, field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new BadField(field);
        }
        return (int) v;
    }

    static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadField(field);
        }
        return v.asBoolean();
    }

    /** Raw JSON of {@code field}, or the decoded {@code b64field}; null when neither is set. */
    static byte[] raw(JsonNode n, String field) {
        String b64 = str(n, "b64" + field);
        if (!b64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw new BadField("b64" + field);
            }
        }
        JsonNode v = n.get(field);
        if (v == null || v.isMissingNode()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsBytes(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadField(field);
        }
    }

    static List<String> strings(JsonNode n, String field) {
        JsonNode v = n.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new BadField(field);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new BadField(field);
            }
            out.add(e.asText());
        }
        return out;
    }

    static Map<String, String> tags(JsonNode n) {
        JsonNode v = n.get("tags");
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw new BadField("tags");
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new BadField("tags");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    static StreamPosition position(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new BadField(field);
        }
        return new StreamPosition(num(v, "offset"), str(v, "epoch"));
    }

    static ApiRequests.Target target(JsonNode n) {
        return new ApiRequests.Target(str(n, "user"), str(n, "client"), str(n, "session"));
    }

    static ApiRequests.Publish publish(JsonNode n) {
        return new ApiRequests.Publish(str(n, "channel"), raw(n, "data"), bool(n, "skip_history"), tags(n),
                str(n, "idempotency_key"), bool(n, "delta"));
    }

    static ApiRequests.MapPublish mapPublish(JsonNode n) {
        return new ApiRequests.MapPublish(str(n, "channel"), str(n, "key"), raw(n, "data"), tags(n),
                str(n, "idempotency_key"), bool(n, "delta"), num(n, "version"), str(n, "version_epoch"),
                str(n, "key_mode"));
    }

    static ApiRequests.Broadcast broadcast(JsonNode n) {
        return new ApiRequests.Broadcast(strings(n, "channels"), raw(n, "data"), bool(n, "skip_history"), tags(n),
                str(n, "idempotency_key"), bool(n, "delta"));
    }

    static ApiRequests.Subscribe subscribe(JsonNode n) {
        return new ApiRequests.Subscribe(target(n), str(n, "channel"), raw(n, "info"), raw(n, "data"),
                position(n, "recover_since"), num(n, "expire_at"), override(n.get("override")));
    }

    private static SubscribeOptionOverride override(JsonNode o) {
        if (o == null || o.isNull()) {
            return null;
        }
        if (!o.isObject()) {
            throw new BadField("override");
        }
        return new SubscribeOptionOverride(flag(o, "presence"), flag(o, "join_leave"),
                flag(o, "force_push_join_leave"), flag(o, "force_recovery"), flag(o, "force_positioning"));
    }

    private static Boolean flag(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        JsonNode value = v.get("value");
        if (value != null && !value.isBoolean() && !value.isNull()) {
            throw new BadField("override." + field);
        }
        return value != null && value.asBoolean();
    }

    static ApiRequests.Unsubscribe unsubscribe(JsonNode n) {
        return new ApiRequests.Unsubscribe(target(n), str(n, "channel"));
    }

    static ApiRequests.Disconnect disconnect(JsonNode n) {
        JsonNode d = n.get("disconnect");
        int code = 0;
        String reason = "";
        if (d != null && !d.isNull()) {
            if (!d.isObject()) {
                throw new BadField("disconnect");
            }
            code = (int) num(d, "code");
            reason = str(d, "reason");
        }
        return new ApiRequests.Disconnect(target(n), strings(n, "whitelist"), code, reason);
    }

    static ApiRequests.Refresh refresh(JsonNode n) {
        return new ApiRequests.Refresh(target(n), bool(n, "expired"), num(n, "expire_at"), raw(n, "info"));
    }

    static ApiRequests.History history(JsonNode n) {
        return new ApiRequests.History(str(n, "channel"), (int) num(n, "limit"), position(n, "since"),
                bool(n, "reverse"));
    }
}
