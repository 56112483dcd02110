package io.xshathra.protocol.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PresenceRequest;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.RPCRequest;
import io.xshathra.protocol.proto.RefreshRequest;
import io.xshathra.protocol.proto.SendRequest;
import io.xshathra.protocol.proto.StreamPosition;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Valid client commands, the seeds that structure-aware fuzzing mutates: every command type with
 * plausible channels, payloads and tokens, as Protobuf messages, varint-delimited frames and
 * JSON lines. {@code token} is put in connect commands so that a seed can reach past connect.
 */
public final class CommandCorpus {
    /** JSON fragments and protocol words a mutation may splice in. */
    public static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000",
            "\\ud800", "\\u00e9", "null", "true", "false", "-0", "1e999", "18446744073709551616", "-1",
            "4294967296", "\"id\":", "\"connect\":{}", "\"subscribe\":{\"channel\":\"a\"}", "\"data\":", "\"token\":",
            "\"channel\":", "\"publish\":", "\"since\":{\"offset\":1,\"epoch\":\"e\"}", "\n", "\r\n", "\t", "é",
            "😀", "\u001f", "{\"id\":1,\"ping\":{}}", "[[[[[[[[", "]]]]]]]]", "{\"a\":{\"a\":{\"a\":");
    private static final String[] CHANNELS = {"news", "chat:room", "$private", "chat:user#42", "a", "",
        "ns:", ":", "unknown:x", "\u001fproj\u001fx", "x".repeat(300)};
    private static final String[] PAYLOADS = {"{}", "[]", "null", "1", "\"text\"", "{\"text\":\"hi\"}",
        "[1,{\"a\":[true,false,null]}]", "-1.5e-3", "\"\\u00e9\\n\""};

    private CommandCorpus() {
    }

    /** A random valid command (id 1..9, one request). */
    public static Command command(Random r, String token) {
        Command.Builder c = Command.newBuilder().setId(1 + r.nextInt(9));
        String ch = CHANNELS[r.nextInt(CHANNELS.length)];
        ByteString data = ByteString.copyFromUtf8(PAYLOADS[r.nextInt(PAYLOADS.length)]);
        switch (r.nextInt(11)) {
            case 0 -> c.setConnect(ConnectRequest.newBuilder().setToken(token).setData(data).setName("fuzz")
                    .putSubs(ch, SubscribeRequest.newBuilder().setRecover(r.nextBoolean()).build()));
            case 1 -> c.setSubscribe(SubscribeRequest.newBuilder().setChannel(ch).setRecover(r.nextBoolean())
                    .setOffset(r.nextInt(5)).setEpoch(r.nextBoolean() ? "" : "ep").setData(data)
                    .setDelta(r.nextBoolean() ? "" : "fossil").setJoinLeave(r.nextBoolean()));
            case 2 -> c.setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel(ch));
            case 3 -> c.setPublish(PublishRequest.newBuilder().setChannel(ch).setData(data));
            case 4 -> c.setPresence(PresenceRequest.newBuilder().setChannel(ch));
            case 5 -> c.setHistory(HistoryRequest.newBuilder().setChannel(ch).setLimit(r.nextInt(20) - 1)
                    .setReverse(r.nextBoolean())
                    .setSince(StreamPosition.newBuilder().setOffset(r.nextInt(3)).setEpoch("ep")));
            case 6 -> c.setRpc(RPCRequest.newBuilder().setMethod("m").setData(data));
            case 7 -> c.setRefresh(RefreshRequest.newBuilder().setToken(token));
            case 8 -> c.setSubRefresh(SubRefreshRequest.newBuilder().setChannel(ch).setToken(token));
            case 9 -> c.setSend(SendRequest.newBuilder().setData(data));
            default -> c.setPing(io.xshathra.protocol.proto.PingRequest.getDefaultInstance());
        }
        return c.build();
    }

    /** A connect command and up to three more commands as one varint-delimited Protobuf frame. */
    public static byte[] protobufFrame(Random r, String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                Command c = i == 0 && r.nextInt(4) != 0 ? connect(token) : command(r, token);
                c.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The same shape as {@link #protobufFrame} in the JSON protocol: lines joined by {@code '\n'}. */
    public static byte[] jsonFrame(Random r, String token) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : "\n").append(json(i == 0 && r.nextInt(4) != 0 ? connect(token) : command(r, token)));
        }
        if (r.nextInt(4) == 0) {
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A connect command with the token. */
    public static Command connect(String token) {
        return Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder().setToken(token)).build();
    }

    /** One varint-delimited message. */
    public static byte[] delimited(Command c) {
        byte[] body = c.toByteArray();
        byte[] out = new byte[CodedOutputStream.computeUInt32SizeNoTag(body.length) + body.length];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            cos.writeUInt32NoTag(body.length);
            cos.writeRawBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The command in Centrifugo's JSON protocol (payloads inline, as JSON). */
    public static String json(Command c) {
        StringBuilder sb = new StringBuilder("{\"id\":").append(c.getId()).append(',');
        if (c.hasConnect()) {
            ConnectRequest q = c.getConnect();
            sb.append("\"connect\":{\"token\":").append(str(q.getToken()));
            if (!q.getData().isEmpty()) {
                sb.append(",\"data\":").append(q.getData().toStringUtf8());
            }
            q.getSubsMap().forEach((k, v) -> sb.append(",\"subs\":{").append(str(k)).append(":{\"recover\":")
                    .append(v.getRecover()).append("}}"));
            sb.append('}');
        } else if (c.hasSubscribe()) {
            SubscribeRequest q = c.getSubscribe();
            sb.append("\"subscribe\":{\"channel\":").append(str(q.getChannel())).append(",\"recover\":")
                    .append(q.getRecover()).append(",\"offset\":").append(q.getOffset()).append(",\"epoch\":")
                    .append(str(q.getEpoch())).append(",\"data\":").append(q.getData().toStringUtf8())
                    .append(",\"delta\":").append(str(q.getDelta())).append('}');
        } else if (c.hasUnsubscribe()) {
            sb.append("\"unsubscribe\":{\"channel\":").append(str(c.getUnsubscribe().getChannel())).append('}');
        } else if (c.hasPublish()) {
            sb.append("\"publish\":{\"channel\":").append(str(c.getPublish().getChannel())).append(",\"data\":")
                    .append(c.getPublish().getData().toStringUtf8()).append('}');
        } else if (c.hasPresence()) {
            sb.append("\"presence\":{\"channel\":").append(str(c.getPresence().getChannel())).append('}');
        } else if (c.hasHistory()) {
            HistoryRequest q = c.getHistory();
            sb.append("\"history\":{\"channel\":").append(str(q.getChannel())).append(",\"limit\":").append(q.getLimit())
                    .append(",\"reverse\":").append(q.getReverse()).append(",\"since\":{\"offset\":")
                    .append(q.getSince().getOffset()).append(",\"epoch\":").append(str(q.getSince().getEpoch()))
                    .append("}}");
        } else if (c.hasRpc()) {
            sb.append("\"rpc\":{\"method\":\"m\",\"data\":").append(c.getRpc().getData().toStringUtf8()).append('}');
        } else if (c.hasRefresh()) {
            sb.append("\"refresh\":{\"token\":").append(str(c.getRefresh().getToken())).append('}');
        } else if (c.hasSubRefresh()) {
            sb.append("\"sub_refresh\":{\"channel\":").append(str(c.getSubRefresh().getChannel()))
                    .append(",\"token\":").append(str(c.getSubRefresh().getToken())).append('}');
        } else if (c.hasSend()) {
            sb.append("\"send\":{\"data\":").append(c.getSend().getData().toStringUtf8()).append('}');
        } else {
            sb.append("\"ping\":{}");
        }
        return sb.append('}').toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
