package io.xshathra.protocol.json;

import static io.xshathra.protocol.json.JsonKeys.*;

import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.ConnectResult;
import io.xshathra.protocol.proto.HistoryResult;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeResult;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Reply} and its results in proto field order. Empty fields are omitted except
 * those Centrifugo always writes: {@code PresenceResult.presence}, both
 * {@code PresenceStatsResult} counters and all three {@code HistoryResult} fields. A present
 * result without fields is written as {@code {}}.
 */
final class ReplyJsonWriter {
    private ReplyJsonWriter() {
    }

    static void reply(JsonWriter w, Reply r) throws ProtocolException {
        w.beginObject();
        w.optUint32(ID, r.getId());
        if (r.hasError()) {
            w.name(ERROR);
            error(w, r.getError());
        }
        if (r.hasPush()) {
            w.name(PUSH);
            PushJsonWriter.push(w, r.getPush());
        }
        if (r.hasConnect()) {
            w.name(CONNECT);
            connectResult(w, r.getConnect());
        }
        if (r.hasSubscribe()) {
            w.name(SUBSCRIBE);
            subscribeResult(w, r.getSubscribe());
        }
        if (r.hasUnsubscribe()) {
            w.name(UNSUBSCRIBE);
            empty(w);
        }
        if (r.hasPublish()) {
            w.name(PUBLISH);
            empty(w);
        }
        if (r.hasPresence()) {
            w.name(PRESENCE);
            presenceResult(w, r.getPresence().getPresenceMap());
        }
        otherResults(w, r);
        w.endObject();
    }

    private static void otherResults(JsonWriter w, Reply r) throws ProtocolException {
        if (r.hasPresenceStats()) {
            w.name(PRESENCE_STATS);
            w.beginObject();
            w.name(NUM_CLIENTS);
            w.unsignedNumber(r.getPresenceStats().getNumClients());
            w.name(NUM_USERS);
            w.unsignedNumber(r.getPresenceStats().getNumUsers());
            w.endObject();
        }
        if (r.hasHistory()) {
            w.name(HISTORY);
            historyResult(w, r.getHistory());
        }
        if (r.hasPing()) {
            w.name(PING);
            empty(w);
        }
        if (r.hasRpc()) {
            w.name(RPC);
            w.beginObject();
            w.optRaw(DATA, r.getRpc().getData());
            w.endObject();
        }
        if (r.hasRefresh()) {
            w.name(REFRESH);
            w.beginObject();
            w.optString(CLIENT, r.getRefresh().getClient());
            w.optString(VERSION, r.getRefresh().getVersion());
            w.optBool(EXPIRES, r.getRefresh().getExpires());
            w.optUint32(TTL, r.getRefresh().getTtl());
            w.endObject();
        }
        if (r.hasSubRefresh()) {
            w.name(SUB_REFRESH);
            w.beginObject();
            w.optBool(EXPIRES, r.getSubRefresh().getExpires());
            w.optUint32(TTL, r.getSubRefresh().getTtl());
            if (r.getSubRefresh().getItemsCount() > 0) {
                w.name(ITEMS);
                publications(w, r.getSubRefresh().getItemsList());
            }
            w.endObject();
        }
    }

    private static void empty(JsonWriter w) {
        w.beginObject();
        w.endObject();
    }

    /** {@code temporary} appears only when true. */
    private static void error(JsonWriter w, io.xshathra.protocol.proto.Error e) {
        w.beginObject();
        w.optUint32(CODE, e.getCode());
        w.optString(MESSAGE, e.getMessage());
        w.optBool(TEMPORARY, e.getTemporary());
        w.endObject();
    }

    private static void connectResult(JsonWriter w, ConnectResult c) throws ProtocolException {
        w.beginObject();
        w.optString(CLIENT, c.getClient());
        w.optString(VERSION, c.getVersion());
        w.optBool(EXPIRES, c.getExpires());
        w.optUint32(TTL, c.getTtl());
        w.optRaw(DATA, c.getData());
        PushJsonWriter.subs(w, c.getSubsMap());
        w.optUint32(PING, c.getPing());
        w.optBool(PONG, c.getPong());
        w.optString(SESSION, c.getSession());
        w.optString(NODE, c.getNode());
        w.optInt64(TIME, c.getTime());
        w.endObject();
    }

    static void subscribeResult(JsonWriter w, SubscribeResult s) throws ProtocolException {
        w.beginObject();
        w.optBool(EXPIRES, s.getExpires());
        w.optUint32(TTL, s.getTtl());
        w.optBool(RECOVERABLE, s.getRecoverable());
        w.optString(EPOCH, s.getEpoch());
        if (s.getPublicationsCount() > 0) {
            w.name(PUBLICATIONS);
            publications(w, s.getPublicationsList());
        }
        w.optBool(RECOVERED, s.getRecovered());
        w.optUint64(OFFSET, s.getOffset());
        w.optBool(POSITIONED, s.getPositioned());
        w.optRaw(DATA, s.getData());
        w.optBool(WAS_RECOVERING, s.getWasRecovering());
        w.optBool(DELTA, s.getDelta());
        w.optInt64(ID, s.getId());
        w.optInt64(TYPE, s.getType());
        w.optInt64(PHASE, s.getPhase());
        w.optString(CURSOR, s.getCursor());
        if (s.getStateCount() > 0) {
            w.name(STATE);
            publications(w, s.getStateList());
        }
        w.optUint32(PUBLISH_DEBOUNCE, s.getPublishDebounce());
        w.endObject();
    }

    /** Always {@code {"presence":{...}}}, with {@code {}} for nobody present. */
    private static void presenceResult(JsonWriter w, Map<String, ClientInfo> presence)
            throws ProtocolException {
        w.beginObject();
        w.name(PRESENCE);
        w.beginObject();
        for (Map.Entry<String, ClientInfo> entry : presence.entrySet()) {
            w.name(entry.getKey());
            PushJsonWriter.clientInfo(w, entry.getValue());
        }
        w.endObject();
        w.endObject();
    }

    /** All fields always written: {@code {"publications":[],"epoch":"","offset":0}} at least. */
    private static void historyResult(JsonWriter w, HistoryResult h) throws ProtocolException {
        w.beginObject();
        w.name(PUBLICATIONS);
        publications(w, h.getPublicationsList());
        w.name(EPOCH);
        w.string(h.getEpoch());
        w.name(OFFSET);
        w.unsignedNumber(h.getOffset());
        w.endObject();
    }

    private static void publications(JsonWriter w, List<Publication> publications)
            throws ProtocolException {
        w.beginArray();
        for (int i = 0; i < publications.size(); i++) {
            w.comma();
            PushJsonWriter.publication(w, publications.get(i));
        }
        w.endArray();
    }
}
