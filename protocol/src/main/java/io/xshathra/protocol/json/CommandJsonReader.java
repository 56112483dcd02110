package io.xshathra.protocol.json;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.FilterNode;
import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.RPCRequest;
import io.xshathra.protocol.proto.RefreshRequest;
import io.xshathra.protocol.proto.SendRequest;
import io.xshathra.protocol.proto.StreamPosition;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.TrackBatch;
import java.util.function.Consumer;

/**
 * Reads one {@link Command} from one line of a JSON frame, field by field, with Centrifugo's
 * rules: snake_case names, unknown members skipped, {@code null} leaves a field unset, integers
 * must be plain JSON integers within the field's range, and {@code bytes} fields keep the exact
 * bytes of their JSON value (never re-serialised). A member given twice merges into the earlier
 * one (messages) or replaces it (scalars), like Centrifugo's decoder.
 */
final class CommandJsonReader {
    /** FilterNode trees are read by recursion; deeper trees are refused to keep the stack safe. */
    static final int MAX_FILTER_DEPTH = 64;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    /** Reads the value of one known member; false when the name is not a field of the message. */
    @FunctionalInterface
    private interface Members {
        boolean read(String name) throws ProtocolException;
    }

    private final JsonReader in;
    private final byte[] buf;

    private CommandJsonReader(byte[] buf, int from, int to) {
        this.in = new JsonReader(buf, from, to);
        this.buf = buf;
    }

    /** Reads the single JSON object in {@code [from, to)} (whitespace around it is allowed). */
    static Command read(byte[] buf, int from, int to) throws ProtocolException {
        CommandJsonReader r = new CommandJsonReader(buf, from, to);
        Command.Builder command = Command.newBuilder();
        r.command(command);
        if (!r.in.atEnd()) {
            throw r.in.error("trailing data after command");
        }
        return command.build();
    }

    private void command(Command.Builder b) throws ProtocolException {
        for (boolean more = in.beginObject(); more; more = in.nextMember()) {
            String name = in.memberName();
            if (in.tryNull()) {
                clear(b, name);
                continue;
            }
            switch (name) {
                case "id" -> b.setId((int) in.readLong(0, UINT32_MAX));
                case "connect" -> connect(b.getConnectBuilder());
                case "subscribe" -> subscribe(b.getSubscribeBuilder());
                case "unsubscribe" -> channelOnly(b.getUnsubscribeBuilder()::setChannel);
                case "publish" -> publish(b.getPublishBuilder());
                case "presence" -> channelOnly(b.getPresenceBuilder()::setChannel);
                case "presence_stats" -> channelOnly(b.getPresenceStatsBuilder()::setChannel);
                case "history" -> history(b.getHistoryBuilder());
                case "ping" -> {
                    b.getPingBuilder();
                    object(unknown -> false);
                }
                case "send" -> send(b.getSendBuilder());
                case "rpc" -> rpc(b.getRpcBuilder());
                case "refresh" -> refresh(b.getRefreshBuilder());
                case "sub_refresh" -> subRefresh(b.getSubRefreshBuilder());
                default -> in.skipValue();
            }
        }
    }

    /** {@code "request":null} means the request is absent. */
    private static void clear(Command.Builder b, String name) {
        switch (name) {
            case "id" -> b.clearId();
            case "connect" -> b.clearConnect();
            case "subscribe" -> b.clearSubscribe();
            case "unsubscribe" -> b.clearUnsubscribe();
            case "publish" -> b.clearPublish();
            case "presence" -> b.clearPresence();
            case "presence_stats" -> b.clearPresenceStats();
            case "history" -> b.clearHistory();
            case "ping" -> b.clearPing();
            case "send" -> b.clearSend();
            case "rpc" -> b.clearRpc();
            case "refresh" -> b.clearRefresh();
            case "sub_refresh" -> b.clearSubRefresh();
            default -> {
                // unknown member: nothing to clear
            }
        }
    }

    /** Walks one object; members whose value is {@code null} or that are unknown are skipped. */
    private void object(Members members) throws ProtocolException {
        for (boolean more = in.beginObject(); more; more = in.nextMember()) {
            String name = in.memberName();
            if (!in.tryNull() && !members.read(name)) {
                in.skipValue();
            }
        }
    }

    /** Requests whose only field is {@code channel}. */
    private void channelOnly(Consumer<String> setChannel) throws ProtocolException {
        object(name -> {
            if (!name.equals("channel")) {
                return false;
            }
            setChannel.accept(in.readString());
            return true;
        });
    }

    private void send(SendRequest.Builder b) throws ProtocolException {
        object(name -> {
            if (!name.equals("data")) {
                return false;
            }
            b.setData(raw());
            return true;
        });
    }

    private void refresh(RefreshRequest.Builder b) throws ProtocolException {
        object(name -> {
            if (!name.equals("token")) {
                return false;
            }
            b.setToken(in.readString());
            return true;
        });
    }

    private void connect(ConnectRequest.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "token" -> b.setToken(in.readString());
                case "data" -> b.setData(raw());
                case "subs" -> object(channel -> {
                    SubscribeRequest.Builder sub = SubscribeRequest.newBuilder();
                    subscribe(sub);
                    b.putSubs(channel, sub.build());
                    return true;
                });
                case "name" -> b.setName(in.readString());
                case "version" -> b.setVersion(in.readString());
                case "headers" -> object(key -> {
                    b.putHeaders(key, in.readString());
                    return true;
                });
                case "flag" -> b.setFlag(in.readLong(Long.MIN_VALUE, Long.MAX_VALUE));
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void subscribe(SubscribeRequest.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "channel" -> b.setChannel(in.readString());
                case "token" -> b.setToken(in.readString());
                case "recover" -> b.setRecover(in.readBoolean());
                case "epoch" -> b.setEpoch(in.readString());
                case "offset" -> b.setOffset(in.readUnsignedLong());
                case "data" -> b.setData(raw());
                case "positioned" -> b.setPositioned(in.readBoolean());
                case "recoverable" -> b.setRecoverable(in.readBoolean());
                case "join_leave" -> b.setJoinLeave(in.readBoolean());
                case "delta" -> b.setDelta(in.readString());
                case "tf" -> filter(b.getTfBuilder(), 1);
                case "flag" -> b.setFlag(in.readLong(Long.MIN_VALUE, Long.MAX_VALUE));
                case "type" -> b.setType(int32());
                case "phase" -> b.setPhase(int32());
                case "cursor" -> b.setCursor(in.readString());
                case "limit" -> b.setLimit(int32());
                case "asc" -> b.setAsc(in.readBoolean());
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void filter(FilterNode.Builder b, int depth) throws ProtocolException {
        if (depth > MAX_FILTER_DEPTH) {
            throw in.error("filter nested too deeply");
        }
        object(name -> {
            switch (name) {
                case "op" -> b.setOp(in.readString());
                case "key" -> b.setKey(in.readString());
                case "cmp" -> b.setCmp(in.readString());
                case "val" -> b.setVal(in.readString());
                case "vals" -> {
                    b.clearVals();
                    for (boolean m = in.beginArray(); m; m = in.nextElement()) {
                        b.addVals(in.readString());
                    }
                }
                case "nodes" -> {
                    b.clearNodes();
                    for (boolean m = in.beginArray(); m; m = in.nextElement()) {
                        filter(b.addNodesBuilder(), depth + 1);
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void publish(PublishRequest.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "channel" -> b.setChannel(in.readString());
                case "data" -> b.setData(raw());
                case "type" -> b.setType(int32());
                case "key" -> b.setKey(in.readString());
                case "removed" -> b.setRemoved(in.readBoolean());
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private int int32() throws ProtocolException {
        return (int) in.readLong(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private void history(HistoryRequest.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "channel" -> b.setChannel(in.readString());
                case "limit" -> b.setLimit((int) in.readLong(Integer.MIN_VALUE, Integer.MAX_VALUE));
                case "since" -> since(b.getSinceBuilder());
                case "reverse" -> b.setReverse(in.readBoolean());
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void since(StreamPosition.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "offset" -> b.setOffset(in.readUnsignedLong());
                case "epoch" -> b.setEpoch(in.readString());
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void rpc(RPCRequest.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "data" -> b.setData(raw());
                case "method" -> b.setMethod(in.readString());
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void subRefresh(SubRefreshRequest.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "channel" -> b.setChannel(in.readString());
                case "token" -> b.setToken(in.readString());
                case "type" -> b.setType(int32());
                case "track" -> {
                    b.clearTrack();
                    for (boolean m = in.beginArray(); m; m = in.nextElement()) {
                        trackBatch(b.addTrackBuilder());
                    }
                }
                case "untrack" -> {
                    b.clearUntrack();
                    for (boolean m = in.beginArray(); m; m = in.nextElement()) {
                        b.addUntrack(in.readString());
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    private void trackBatch(TrackBatch.Builder b) throws ProtocolException {
        object(name -> {
            switch (name) {
                case "signature" -> b.setSignature(in.readString());
                case "items" -> {
                    b.clearItems();
                    for (boolean m = in.beginArray(); m; m = in.nextElement()) {
                        KeyedItem.Builder item = b.addItemsBuilder();
                        object(field -> {
                            switch (field) {
                                case "key" -> item.setKey(in.readString());
                                case "version" -> item.setVersion(in.readUnsignedLong());
                                default -> {
                                    return false;
                                }
                            }
                            return true;
                        });
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        });
    }

    /** Captures the exact bytes of the next value, whatever its type. */
    private ByteString raw() throws ProtocolException {
        int start = in.valueStart();
        in.skipValue();
        return ByteString.copyFrom(buf, start, in.position() - start);
    }
}
