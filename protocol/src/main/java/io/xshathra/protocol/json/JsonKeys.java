package io.xshathra.protocol.json;

import static io.xshathra.protocol.json.JsonWriter.key;

/** Pre-encoded member names ({@code "name":}) of every field the reply writers emit. */
final class JsonKeys {
    static final byte[] ID = key("id");
    static final byte[] ERROR = key("error");
    static final byte[] PUSH = key("push");
    static final byte[] CONNECT = key("connect");
    static final byte[] SUBSCRIBE = key("subscribe");
    static final byte[] UNSUBSCRIBE = key("unsubscribe");
    static final byte[] PUBLISH = key("publish");
    static final byte[] PRESENCE = key("presence");
    static final byte[] PRESENCE_STATS = key("presence_stats");
    static final byte[] HISTORY = key("history");
    static final byte[] PING = key("ping");
    static final byte[] RPC = key("rpc");
    static final byte[] REFRESH = key("refresh");
    static final byte[] SUB_REFRESH = key("sub_refresh");

    static final byte[] CODE = key("code");
    static final byte[] MESSAGE = key("message");
    static final byte[] TEMPORARY = key("temporary");
    static final byte[] REASON = key("reason");
    static final byte[] RECONNECT = key("reconnect");

    static final byte[] CHANNEL = key("channel");
    static final byte[] PUB = key("pub");
    static final byte[] JOIN = key("join");
    static final byte[] LEAVE = key("leave");
    static final byte[] DISCONNECT = key("disconnect");

    static final byte[] USER = key("user");
    static final byte[] CLIENT = key("client");
    static final byte[] CONN_INFO = key("conn_info");
    static final byte[] CHAN_INFO = key("chan_info");

    static final byte[] DATA = key("data");
    static final byte[] INFO = key("info");
    static final byte[] OFFSET = key("offset");
    static final byte[] TAGS = key("tags");
    static final byte[] DELTA = key("delta");
    static final byte[] TIME = key("time");
    static final byte[] EPOCH = key("epoch");

    static final byte[] VERSION = key("version");
    static final byte[] EXPIRES = key("expires");
    static final byte[] TTL = key("ttl");
    static final byte[] SUBS = key("subs");
    static final byte[] PONG = key("pong");
    static final byte[] SESSION = key("session");
    static final byte[] NODE = key("node");

    static final byte[] RECOVERABLE = key("recoverable");
    static final byte[] PUBLICATIONS = key("publications");
    static final byte[] RECOVERED = key("recovered");
    static final byte[] POSITIONED = key("positioned");
    static final byte[] WAS_RECOVERING = key("was_recovering");
    static final byte[] NUM_CLIENTS = key("num_clients");
    static final byte[] NUM_USERS = key("num_users");

    static final byte[] KEY = key("key");
    static final byte[] REMOVED = key("removed");
    static final byte[] SCORE = key("score");
    static final byte[] PREV_DATA = key("prev_data");
    static final byte[] TYPE = key("type");
    static final byte[] PHASE = key("phase");
    static final byte[] CURSOR = key("cursor");
    static final byte[] STATE = key("state");
    static final byte[] PUBLISH_DEBOUNCE = key("publish_debounce");
    static final byte[] ITEMS = key("items");

    private JsonKeys() {
    }
}
