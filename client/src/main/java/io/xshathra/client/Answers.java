package io.xshathra.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Readers of the successful answers; a member missing or of the wrong type is an {@code invalid_response}. */
final class Answers {
    private Answers() {
    }

    static Token token(JsonNode n) {
        return new Token(Json.text(n, "token"), Json.optionalInt(n, "expiresInSeconds"));
    }

    static PublishResult publish(JsonNode n, String channel) {
        return new PublishResult(Json.optionalText(n, "channel", channel), Json.optionalLong(n, "offset"),
                Json.optionalText(n, "epoch", ""));
    }

    static BroadcastResult broadcast(JsonNode n) {
        JsonNode results = n.get("results");
        List<PublishResult> out = new ArrayList<>();
        if (results != null && !results.isNull()) {
            if (!results.isArray()) {
                throw Json.invalid(200, "\"results\" is not an array");
            }
            for (JsonNode r : results) {
                if (!r.isObject()) {
                    throw Json.invalid(200, "a result is not an object");
                }
                out.add(new PublishResult(Json.text(r, "channel"), Json.optionalLong(r, "offset"),
                        Json.optionalText(r, "epoch", "")));
            }
        }
        return new BroadcastResult(out);
    }

    static HistoryResult history(JsonNode n) {
        JsonNode pubs = n.get("publications");
        List<Publication> out = new ArrayList<>();
        if (pubs != null && !pubs.isNull()) {
            if (!pubs.isArray()) {
                throw Json.invalid(200, "\"publications\" is not an array");
            }
            for (JsonNode p : pubs) {
                out.add(publication(p));
            }
        }
        return new HistoryResult(out, Json.optionalLong(n, "offset"), Json.optionalText(n, "epoch", ""));
    }

    private static Publication publication(JsonNode p) {
        if (!p.isObject()) {
            throw Json.invalid(200, "a publication is not an object");
        }
        String data = Json.raw(p, "data");
        byte[] binary = null;
        if (data == null) {
            try {
                binary = Base64.getDecoder().decode(Json.text(p, "b64data"));
            } catch (IllegalArgumentException e) {
                throw Json.invalid(200, "a publication's \"b64data\" is not base64");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Json.objectMember(p, "tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        JsonNode info = p.get("info");
        ClientInfo publisher = info == null || info.isNull() ? null : clientInfo(info, "");
        return new Publication(data, binary, Json.optionalLong(p, "offset"), tags, publisher);
    }

    static PresenceResult presence(JsonNode n) {
        Map<String, ClientInfo> clients = new LinkedHashMap<>();
        Json.objectMember(n, "clients").fields().forEachRemaining(e ->
                clients.put(e.getKey(), clientInfo(e.getValue(), e.getKey())));
        return new PresenceResult(clients);
    }

    private static ClientInfo clientInfo(JsonNode c, String id) {
        if (!c.isObject()) {
            throw Json.invalid(200, "a client is not an object");
        }
        return new ClientInfo(Json.optionalText(c, "client", id), Json.optionalText(c, "user", ""),
                Json.raw(c, "connInfo"), Json.raw(c, "chanInfo"));
    }

    static PresenceStats presenceStats(JsonNode n) {
        return new PresenceStats(Json.optionalInt(n, "numClients"), Json.optionalInt(n, "numUsers"));
    }

    static ChannelsResult channels(JsonNode n) {
        Map<String, Integer> channels = new LinkedHashMap<>();
        Json.objectMember(n, "channels").fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                throw Json.invalid(200, "a channel is not an object");
            }
            channels.put(e.getKey(), Json.optionalInt(e.getValue(), "numClients"));
        });
        return new ChannelsResult(channels);
    }

    static Usage usage(JsonNode n) {
        JsonNode list = n.get("minutes");
        if (list == null || !list.isArray()) {
            throw Json.invalid(200, "\"minutes\" is missing or not an array");
        }
        java.util.List<Usage.Minute> minutes = new java.util.ArrayList<>(list.size());
        for (JsonNode m : list) {
            if (!m.isObject()) {
                throw Json.invalid(200, "a minute is not an object");
            }
            minutes.add(new Usage.Minute(Json.optionalLong(m, "timeMs"), Json.optionalLong(m, "connections"),
                    Json.optionalLong(m, "publicationsIn"), Json.optionalLong(m, "deliveriesOut"),
                    Json.optionalLong(m, "webhookDeliveries")));
        }
        JsonNode t = Json.objectMember(n, "totals");
        return new Usage(Json.optionalLong(n, "fromMs"), Json.optionalLong(n, "toMs"), minutes,
                new Usage.Totals(Json.optionalLong(t, "peakConnections"), Json.optionalLong(t, "publicationsIn"),
                        Json.optionalLong(t, "deliveriesOut"), Json.optionalLong(t, "webhookDeliveries")));
    }

    /** Answers whose body carries nothing the caller needs. */
    static Void none(JsonNode n) {
        return null;
    }
}
