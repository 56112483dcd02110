package io.xshathra.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON bodies of the requests, member names exactly as the API defines them. Optional
 * members are left out when not set, so the server applies its defaults; nothing is validated
 * here that the server validates (it names the field and the rule better than a copy could).
 */
final class Requests {
    private Requests() {
    }

    static ObjectNode token(TokenRequest r) {
        ObjectNode b = Json.object().put("userId", r.userId());
        ttl(b, r.ttlSeconds());
        if (!r.channels().isEmpty()) {
            ArrayNode a = b.putArray("channels");
            r.channels().forEach(a::add);
        }
        info(b, r.info());
        return b;
    }

    static ObjectNode subscriptionToken(SubscriptionTokenRequest r) {
        ObjectNode b = Json.object().put("userId", r.userId()).put("channel", r.channel());
        ttl(b, r.ttlSeconds());
        info(b, r.info());
        return b;
    }

    static ObjectNode publish(PublishRequest r) {
        return payload(Json.object().put("channel", r.channel()), r);
    }

    static ObjectNode broadcast(BroadcastRequest r) {
        ObjectNode b = Json.object();
        ArrayNode a = b.putArray("channels");
        r.channels().forEach(a::add);
        return payload(b, r);
    }

    /** The payload and its options, as publish and broadcast both name them. */
    private static ObjectNode payload(ObjectNode b, PayloadFields r) {
        byte[] binary = r.binary();
        if (binary != null) {
            b.put("b64data", Base64.getEncoder().encodeToString(binary));
        } else {
            b.set("data", r.rawJson() ? Json.parseRaw("data", (String) r.data()) : Json.tree("data", r.data()));
        }
        if (r.idempotencyKey() != null) {
            b.put("idempotencyKey", r.idempotencyKey());
        }
        if (!r.tags().isEmpty()) {
            ObjectNode t = b.putObject("tags");
            r.tags().forEach(t::put);
        }
        if (r.skipHistory()) {
            b.put("skipHistory", true);
        }
        return b;
    }

    static ObjectNode history(HistoryRequest r) {
        ObjectNode b = Json.object().put("channel", r.channel());
        if (r.limit() != null) {
            b.put("limit", r.limit());
        }
        if (r.since() != null) {
            b.putObject("since").put("offset", r.since().offset()).put("epoch", r.since().epoch());
        }
        if (r.reverse()) {
            b.put("reverse", true);
        }
        return b;
    }

    static ObjectNode channel(String channel) {
        return Json.object().put("channel", Objects.requireNonNull(channel, "channel"));
    }

    static ObjectNode channels(String pattern) {
        ObjectNode b = Json.object();
        if (pattern != null && !pattern.isEmpty()) {
            b.put("pattern", pattern);
        }
        return b;
    }

    static ObjectNode unsubscribe(String userId, String channel) {
        return channel(channel).put("userId", Objects.requireNonNull(userId, "userId"));
    }

    static ObjectNode disconnect(String userId) {
        return Json.object().put("userId", Objects.requireNonNull(userId, "userId"));
    }

    private static void ttl(ObjectNode b, Integer ttl) {
        if (ttl != null) {
            b.put("ttlSeconds", ttl);
        }
    }

    private static void info(ObjectNode b, Map<String, ?> info) {
        if (info != null) {
            b.set("info", Json.tree("info", info));
        }
    }
}
