package io.xshathra.protocol.json;

import static io.xshathra.protocol.json.JsonKeys.*;

import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Connect;
import io.xshathra.protocol.proto.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Subscribe;
import io.xshathra.protocol.proto.SubscribeResult;
import java.util.Map;

/**
 * Writes {@link Push} and the messages it carries (and the {@link Publication} and
 * {@link ClientInfo} shared with results), in proto field order, omitting empty fields except
 * {@code ClientInfo.user} and {@code ClientInfo.client}.
 */
final class PushJsonWriter {
    private PushJsonWriter() {
    }

    static void push(JsonWriter w, Push p) throws ProtocolException {
        w.beginObject();
        w.optInt64(ID, p.getId());
        w.optString(CHANNEL, p.getChannel());
        if (p.hasPub()) {
            w.name(PUB);
            publication(w, p.getPub());
        }
        if (p.hasJoin()) {
            w.name(JOIN);
            infoHolder(w, p.getJoin().hasInfo() ? p.getJoin().getInfo() : null);
        }
        if (p.hasLeave()) {
            w.name(LEAVE);
            infoHolder(w, p.getLeave().hasInfo() ? p.getLeave().getInfo() : null);
        }
        if (p.hasUnsubscribe()) {
            w.name(UNSUBSCRIBE);
            w.beginObject();
            w.optUint32(CODE, p.getUnsubscribe().getCode());
            w.optString(REASON, p.getUnsubscribe().getReason());
            w.endObject();
        }
        if (p.hasMessage()) {
            w.name(MESSAGE);
            w.beginObject();
            w.optRaw(DATA, p.getMessage().getData());
            w.endObject();
        }
        if (p.hasSubscribe()) {
            w.name(SUBSCRIBE);
            subscribe(w, p.getSubscribe());
        }
        if (p.hasConnect()) {
            w.name(CONNECT);
            connect(w, p.getConnect());
        }
        otherPushes(w, p);
        w.endObject();
    }

    private static void otherPushes(JsonWriter w, Push p) {
        if (p.hasDisconnect()) {
            Disconnect d = p.getDisconnect();
            w.name(DISCONNECT);
            w.beginObject();
            w.optUint32(CODE, d.getCode());
            w.optString(REASON, d.getReason());
            w.optBool(RECONNECT, d.getReconnect());
            w.endObject();
        }
        if (p.hasRefresh()) {
            w.name(REFRESH);
            w.beginObject();
            w.optBool(EXPIRES, p.getRefresh().getExpires());
            w.optUint32(TTL, p.getRefresh().getTtl());
            w.endObject();
        }
    }

    /** Join and Leave: {@code {"info":{...}}}, or {@code {}} without info. */
    private static void infoHolder(JsonWriter w, ClientInfo info) throws ProtocolException {
        w.beginObject();
        if (info != null) {
            w.name(INFO);
            clientInfo(w, info);
        }
        w.endObject();
    }

    static void publication(JsonWriter w, Publication p) throws ProtocolException {
        w.beginObject();
        w.optRaw(DATA, p.getData());
        if (p.hasInfo()) {
            w.name(INFO);
            clientInfo(w, p.getInfo());
        }
        w.optUint64(OFFSET, p.getOffset());
        if (p.getTagsCount() > 0) {
            w.name(TAGS);
            w.beginObject();
            for (Map.Entry<String, String> tag : p.getTagsMap().entrySet()) {
                w.name(tag.getKey());
                w.string(tag.getValue());
            }
            w.endObject();
        }
        w.optBool(DELTA, p.getDelta());
        w.optInt64(TIME, p.getTime());
        w.optString(CHANNEL, p.getChannel());
        w.optString(KEY, p.getKey());
        w.optBool(REMOVED, p.getRemoved());
        w.optInt64(SCORE, p.getScore());
        w.optString(EPOCH, p.getEpoch());
        w.optRaw(PREV_DATA, p.getPrevData());
        w.optUint64(VERSION, p.getVersion());
        w.endObject();
    }

    /** {@code user} and {@code client} are always written, even when empty. */
    static void clientInfo(JsonWriter w, ClientInfo info) throws ProtocolException {
        w.beginObject();
        w.name(USER);
        w.string(info.getUser());
        w.name(CLIENT);
        w.string(info.getClient());
        w.optRaw(CONN_INFO, info.getConnInfo());
        w.optRaw(CHAN_INFO, info.getChanInfo());
        w.endObject();
    }

    private static void subscribe(JsonWriter w, Subscribe s) throws ProtocolException {
        w.beginObject();
        w.optBool(RECOVERABLE, s.getRecoverable());
        w.optString(EPOCH, s.getEpoch());
        w.optUint64(OFFSET, s.getOffset());
        w.optBool(POSITIONED, s.getPositioned());
        w.optRaw(DATA, s.getData());
        w.endObject();
    }

    /** The Connect push of unidirectional transports; same shape as ConnectResult. */
    private static void connect(JsonWriter w, Connect c) throws ProtocolException {
        w.beginObject();
        w.optString(CLIENT, c.getClient());
        w.optString(VERSION, c.getVersion());
        w.optRaw(DATA, c.getData());
        subs(w, c.getSubsMap());
        w.optBool(EXPIRES, c.getExpires());
        w.optUint32(TTL, c.getTtl());
        w.optUint32(PING, c.getPing());
        w.optBool(PONG, c.getPong());
        w.optString(SESSION, c.getSession());
        w.optString(NODE, c.getNode());
        w.optInt64(TIME, c.getTime());
        w.endObject();
    }

    /** Server-side subscriptions by channel; omitted when there are none. */
    static void subs(JsonWriter w, Map<String, SubscribeResult> subs) throws ProtocolException {
        if (subs.isEmpty()) {
            return;
        }
        w.name(SUBS);
        w.beginObject();
        for (Map.Entry<String, SubscribeResult> sub : subs.entrySet()) {
            w.name(sub.getKey());
            ReplyJsonWriter.subscribeResult(w, sub.getValue());
        }
        w.endObject();
    }
}
