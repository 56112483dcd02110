package io.xshathra.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Connect;
import io.xshathra.protocol.proto.ConnectResult;
import io.xshathra.protocol.proto.HistoryResult;
import io.xshathra.protocol.proto.Join;
import io.xshathra.protocol.proto.Leave;
import io.xshathra.protocol.proto.Message;
import io.xshathra.protocol.proto.PingResult;
import io.xshathra.protocol.proto.PresenceResult;
import io.xshathra.protocol.proto.PresenceStatsResult;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishResult;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.RPCResult;
import io.xshathra.protocol.proto.Refresh;
import io.xshathra.protocol.proto.RefreshResult;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubRefreshResult;
import io.xshathra.protocol.proto.Subscribe;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.Unsubscribe;
import io.xshathra.protocol.proto.UnsubscribeResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecEncodeTest {
    private static final String UUID = "9d7c1e8a-3c1c-4a53-8f5e-7b3d6d2f1a10";

    private static String encode(Reply reply) throws ProtocolException {
        return new String(JsonCodec.INSTANCE.encodeReply(reply), StandardCharsets.UTF_8);
    }

    private static String encodePush(Push.Builder push) throws ProtocolException {
        return encode(Reply.newBuilder().setPush(push).build());
    }

    private static ByteString json(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static ClientInfo info(String user) {
        return ClientInfo.newBuilder().setUser(user).setClient(UUID).build();
    }

    @Test
    void emptyReplyIsEmptyObject() throws Exception {
        assertThat(encode(Reply.getDefaultInstance())).isEqualTo("{}");
    }

    @Test
    void connectResultMatchesSpecExample() throws Exception {
        Reply reply = Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder()
                .setClient(UUID).setVersion("6.9.1 OSS").setExpires(true).setTtl(3599).setPing(25).setPong(true))
                .build();
        assertThat(encode(reply)).isEqualTo("{\"id\":1,\"connect\":{\"client\":\"" + UUID
                + "\",\"version\":\"6.9.1 OSS\",\"expires\":true,\"ttl\":3599,\"ping\":25,\"pong\":true}}");
    }

    @Test
    void connectResultWithAllFields() throws Exception {
        Reply reply = Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder()
                .setClient("c").setVersion("v").setData(json("{\"x\":1}"))
                .putSubs("news", SubscribeResult.newBuilder().setRecoverable(true).setOffset(3).build())
                .setSession("s").setNode("n").setTime(1700000000000L)).build();
        assertThat(encode(reply)).isEqualTo("{\"id\":1,\"connect\":{\"client\":\"c\",\"version\":\"v\","
                + "\"data\":{\"x\":1},\"subs\":{\"news\":{\"recoverable\":true,\"offset\":3}},"
                + "\"session\":\"s\",\"node\":\"n\",\"time\":1700000000000}}");
    }

    @Test
    void subscribeResultMatchesSpecExample() throws Exception {
        Reply reply = Reply.newBuilder().setId(2).setSubscribe(SubscribeResult.newBuilder()
                .setRecoverable(true).setEpoch("KdTqGzLh").setOffset(12).setPositioned(true)).build();
        assertThat(encode(reply)).isEqualTo(
                "{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"KdTqGzLh\",\"offset\":12,\"positioned\":true}}");
    }

    @Test
    void subscribeResultWithPublicationsAndEveryField() throws Exception {
        Reply reply = Reply.newBuilder().setId(2).setSubscribe(SubscribeResult.newBuilder()
                .setExpires(true).setTtl(60).setRecoverable(true).setEpoch("e")
                .addPublications(Publication.newBuilder().setData(json("1")).setOffset(11))
                .addPublications(Publication.newBuilder().setData(json("{\"b\":2}")).setOffset(12))
                .setRecovered(true).setOffset(12).setPositioned(true).setData(json("\"d\""))
                .setWasRecovering(true).setDelta(true).setId(-3)).build();
        assertThat(encode(reply)).isEqualTo("{\"id\":2,\"subscribe\":{\"expires\":true,\"ttl\":60,"
                + "\"recoverable\":true,\"epoch\":\"e\",\"publications\":[{\"data\":1,\"offset\":11},"
                + "{\"data\":{\"b\":2},\"offset\":12}],\"recovered\":true,\"offset\":12,\"positioned\":true,"
                + "\"data\":\"d\",\"was_recovering\":true,\"delta\":true,\"id\":-3}}");
    }

    @Test
    void emptyResultsAreEmptyObjects() throws Exception {
        assertThat(encode(Reply.newBuilder().setId(3).setPublish(PublishResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":3,\"publish\":{}}");
        assertThat(encode(Reply.newBuilder().setId(4).setUnsubscribe(UnsubscribeResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":4,\"unsubscribe\":{}}");
        assertThat(encode(Reply.newBuilder().setId(2).setSubscribe(SubscribeResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":2,\"subscribe\":{}}");
        assertThat(encode(Reply.newBuilder().setId(5).setPing(PingResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":5,\"ping\":{}}");
        assertThat(encode(Reply.newBuilder().setId(6).setRpc(RPCResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":6,\"rpc\":{}}");
    }

    @Test
    void errorsWriteTemporaryOnlyWhenTrue() throws Exception {
        assertThat(encode(Reply.newBuilder().setId(5).setError(ClientError.PERMISSION_DENIED.toProto()).build()))
                .isEqualTo("{\"id\":5,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
        assertThat(encode(Reply.newBuilder().setId(6).setError(ClientError.INTERNAL.toProto()).build()))
                .isEqualTo("{\"id\":6,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}");
    }

    @Test
    void presenceIsAlwaysWritten() throws Exception {
        assertThat(encode(Reply.newBuilder().setId(4).setPresence(PresenceResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":4,\"presence\":{\"presence\":{}}}");
        Reply full = Reply.newBuilder().setId(4).setPresence(PresenceResult.newBuilder()
                .putPresence(UUID, info("42").toBuilder().setConnInfo(json("{\"name\":\"Alex\"}")).build())
                .putPresence("c2", ClientInfo.getDefaultInstance())).build();
        assertThat(encode(full)).isEqualTo("{\"id\":4,\"presence\":{\"presence\":{\"" + UUID + "\":{\"user\":\"42\","
                + "\"client\":\"" + UUID + "\",\"conn_info\":{\"name\":\"Alex\"}},\"c2\":{\"user\":\"\",\"client\":\"\"}}}}");
    }

    @Test
    void presenceStatsCountersAreAlwaysWritten() throws Exception {
        assertThat(encode(Reply.newBuilder().setId(5).setPresenceStats(PresenceStatsResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":5,\"presence_stats\":{\"num_clients\":0,\"num_users\":0}}");
        assertThat(encode(Reply.newBuilder().setId(5)
                .setPresenceStats(PresenceStatsResult.newBuilder().setNumClients(-1).setNumUsers(2)).build()))
                .isEqualTo("{\"id\":5,\"presence_stats\":{\"num_clients\":4294967295,\"num_users\":2}}");
    }

    @Test
    void historyFieldsAreAlwaysWritten() throws Exception {
        assertThat(encode(Reply.newBuilder().setId(6).setHistory(HistoryResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":6,\"history\":{\"publications\":[],\"epoch\":\"\",\"offset\":0}}");
        Reply reply = Reply.newBuilder().setId(6).setHistory(HistoryResult.newBuilder()
                .addPublications(Publication.newBuilder().setData(json("{}")).setOffset(-1))
                .setEpoch("ep").setOffset(Long.MIN_VALUE)).build();
        assertThat(encode(reply)).isEqualTo("{\"id\":6,\"history\":{\"publications\":[{\"data\":{},"
                + "\"offset\":18446744073709551615}],\"epoch\":\"ep\",\"offset\":9223372036854775808}}");
    }

    @Test
    void refreshAndSubRefreshResults() throws Exception {
        assertThat(encode(Reply.newBuilder().setId(7).setRefresh(RefreshResult.newBuilder()
                .setClient("c").setVersion("v").setExpires(true).setTtl(600)).build()))
                .isEqualTo("{\"id\":7,\"refresh\":{\"client\":\"c\",\"version\":\"v\",\"expires\":true,\"ttl\":600}}");
        assertThat(encode(Reply.newBuilder().setId(8).setSubRefresh(SubRefreshResult.newBuilder()
                .setExpires(true).setTtl(30)).build()))
                .isEqualTo("{\"id\":8,\"sub_refresh\":{\"expires\":true,\"ttl\":30}}");
        assertThat(encode(Reply.newBuilder().setId(9).setRpc(RPCResult.newBuilder().setData(json("[1,2]"))).build()))
                .isEqualTo("{\"id\":9,\"rpc\":{\"data\":[1,2]}}");
    }

    @Test
    void publicationPush() throws Exception {
        Push.Builder push = Push.newBuilder().setChannel("news").setPub(Publication.newBuilder()
                .setData(json("{\"v\":1}")).setOffset(7).setInfo(info("42")).putTags("k", "v"));
        assertThat(encodePush(push)).isEqualTo("{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":{\"v\":1},"
                + "\"info\":{\"user\":\"42\",\"client\":\"" + UUID + "\"},\"offset\":7,\"tags\":{\"k\":\"v\"}}}}");
        Push.Builder minimal = Push.newBuilder().setChannel("chat:index")
                .setPub(Publication.newBuilder().setData(json("{\"text\":\"hi\"}")).setOffset(13));
        assertThat(encodePush(minimal))
                .isEqualTo("{\"push\":{\"channel\":\"chat:index\",\"pub\":{\"data\":{\"text\":\"hi\"},\"offset\":13}}}");
    }

    @Test
    void joinAndLeavePushes() throws Exception {
        ClientInfo withConnInfo = info("42").toBuilder().setConnInfo(json("{\"name\":\"Alex\"}"))
                .setChanInfo(json("[1]")).build();
        assertThat(encodePush(Push.newBuilder().setChannel("chat").setJoin(Join.newBuilder().setInfo(withConnInfo))))
                .isEqualTo("{\"push\":{\"channel\":\"chat\",\"join\":{\"info\":{\"user\":\"42\",\"client\":\""
                        + UUID + "\",\"conn_info\":{\"name\":\"Alex\"},\"chan_info\":[1]}}}}");
        assertThat(encodePush(Push.newBuilder().setChannel("chat").setLeave(Leave.newBuilder().setInfo(info("42")))))
                .isEqualTo("{\"push\":{\"channel\":\"chat\",\"leave\":{\"info\":{\"user\":\"42\",\"client\":\"" + UUID + "\"}}}}");
        assertThat(encodePush(Push.newBuilder().setLeave(Leave.getDefaultInstance())))
                .isEqualTo("{\"push\":{\"leave\":{}}}");
    }

    @Test
    void unsubscribeSubscribeAndMessagePushes() throws Exception {
        assertThat(encodePush(Push.newBuilder().setChannel("chat")
                .setUnsubscribe(Unsubscribe.newBuilder().setCode(2000).setReason("server unsubscribe"))))
                .isEqualTo("{\"push\":{\"channel\":\"chat\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}");
        assertThat(encodePush(Push.newBuilder().setChannel("news").setSubscribe(Subscribe.newBuilder()
                .setRecoverable(true).setEpoch("Abcdefgh").setOffset(5).setPositioned(true).setData(json("{\"a\":1}")))))
                .isEqualTo("{\"push\":{\"channel\":\"news\",\"subscribe\":{\"recoverable\":true,\"epoch\":\"Abcdefgh\","
                        + "\"offset\":5,\"positioned\":true,\"data\":{\"a\":1}}}}");
        assertThat(encodePush(Push.newBuilder().setMessage(Message.newBuilder().setData(json("{\"any\":\"json\"}")))))
                .isEqualTo("{\"push\":{\"message\":{\"data\":{\"any\":\"json\"}}}}");
    }

    @Test
    void disconnectRefreshAndConnectPushes() throws Exception {
        assertThat(encodePush(Push.newBuilder().setDisconnect(
                io.xshathra.protocol.proto.Disconnect.newBuilder().setCode(3001).setReason("shutdown"))))
                .isEqualTo("{\"push\":{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}}");
        assertThat(encodePush(Push.newBuilder().setRefresh(Refresh.newBuilder().setExpires(true).setTtl(600))))
                .isEqualTo("{\"push\":{\"refresh\":{\"expires\":true,\"ttl\":600}}}");
        Push connect = Push.newBuilder().setConnect(Connect.newBuilder().setClient("c").setVersion("v")
                .setPing(25).setSession("s").putSubs("n", SubscribeResult.getDefaultInstance())).build();
        assertThat(new String(JsonCodec.INSTANCE.encodePush(connect), StandardCharsets.UTF_8))
                .isEqualTo("{\"connect\":{\"client\":\"c\",\"version\":\"v\",\"subs\":{\"n\":{}},\"ping\":25,\"session\":\"s\"}}");
    }

    @Test
    void pushIdIsWrittenAsSignedNumber() throws Exception {
        assertThat(encodePush(Push.newBuilder().setId(-7).setChannel("c")))
                .isEqualTo("{\"push\":{\"id\":-7,\"channel\":\"c\"}}");
    }

    @Test
    void rawDataKeepsWhitespaceButDropsNewlines() throws Exception {
        Push.Builder push = Push.newBuilder().setChannel("c").setPub(Publication.newBuilder()
                .setData(json("\n{ \"a\" :\t[1,\r\n 2],\n\"s\":\"x y\" }\n")));
        String out = encodePush(push);
        assertThat(out).isEqualTo("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{ \"a\" :\t[1,\r 2],\"s\":\"x y\" }}}}");
        assertThat(out).doesNotContain("\n");
    }

    @Test
    void escapesStrings() throws Exception {
        Reply reply = Reply.newBuilder().setError(io.xshathra.protocol.proto.Error.newBuilder()
                .setMessage("q\" b\\ n\n r\r t\t \u0001 \u001f \u007f é 😀 \u2028 </")).build();
        assertThat(encode(reply)).isEqualTo("{\"error\":{\"message\":\"q\\\" b\\\\ n\\n r\\r t\\t \\u0001 \\u001f"
                + " \u007f é 😀 \\u2028 </\"}}");
    }

    @Test
    void nonJsonPayloadIsInappropriateProtocol() {
        byte[][] payloads = {
            {(byte) 0x89, 'P', 'N', 'G'}, "not json".getBytes(StandardCharsets.UTF_8), "{\"a\":1} {}".getBytes(StandardCharsets.UTF_8),
            "\n".getBytes(StandardCharsets.UTF_8), {'"', (byte) 0xFF, '"'}, {'{', '}', 0},
        };
        for (byte[] payload : payloads) {
            Reply reply = Reply.newBuilder().setPush(Push.newBuilder().setChannel("c")
                    .setPub(Publication.newBuilder().setData(ByteString.copyFrom(payload)))).build();
            assertThatThrownBy(() -> JsonCodec.INSTANCE.encodeReply(reply))
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.disconnect()).isEqualTo(Disconnect.INAPPROPRIATE_PROTOCOL));
        }
    }

    @Test
    void encoderIsReusableAfterFailureAndLargeReplies() throws Exception {
        Reply bad = Reply.newBuilder().setRpc(RPCResult.newBuilder().setData(json("{"))).build();
        assertThatThrownBy(() -> JsonCodec.INSTANCE.encodeReply(bad)).isInstanceOf(ProtocolException.class);
        String big = "\"" + "x".repeat(200_000) + "\"";
        assertThat(encode(Reply.newBuilder().setRpc(RPCResult.newBuilder().setData(json(big))).build()))
                .isEqualTo("{\"rpc\":{\"data\":" + big + "}}");
        assertThat(encode(Reply.newBuilder().setId(1).build())).isEqualTo("{\"id\":1}");
    }
}
