package io.xshathra.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolException;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.FilterNode;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecDecodeTest {
    private final JsonCodec codec = JsonCodec.INSTANCE;

    private List<Command> decode(String frame) throws ProtocolException {
        return codec.decodeCommands(frame.getBytes(StandardCharsets.UTF_8));
    }

    private Command decodeOne(String frame) throws ProtocolException {
        List<Command> commands = decode(frame);
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void decodesSpecConnectExample() throws Exception {
        Command c = decodeOne("{\"id\":1,\"connect\":{\"token\":\"eyJ...\",\"name\":\"js\"}}");
        assertThat(c.getId()).isEqualTo(1);
        assertThat(c.hasConnect()).isTrue();
        assertThat(c.getConnect().getToken()).isEqualTo("eyJ...");
        assertThat(c.getConnect().getName()).isEqualTo("js");
        assertThat(c.hasSubscribe()).isFalse();
    }

    @Test
    void decodesSpecSubscribeExample() throws Exception {
        Command c = decodeOne("{\"id\":2,\"subscribe\":{\"channel\":\"chat:index\",\"recoverable\":true,\"flag\":1}}");
        assertThat(c.getSubscribe()).isEqualTo(SubscribeRequest.newBuilder()
                .setChannel("chat:index").setRecoverable(true).setFlag(1).build());
    }

    @Test
    void keepsCommandOrderOfMultiCommandFrame() throws Exception {
        List<Command> commands = decode("{\"id\":1,\"connect\":{\"name\":\"js\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"a\"}}\n{\"id\":3,\"subscribe\":{\"channel\":\"b\"}}");
        assertThat(commands).extracting(Command::getId).containsExactly(1, 2, 3);
        assertThat(commands.get(0).hasConnect()).isTrue();
        assertThat(commands.get(1).getSubscribe().getChannel()).isEqualTo("a");
        assertThat(commands.get(2).getSubscribe().getChannel()).isEqualTo("b");
    }

    @Test
    void toleratesOneTrailingNewlineAndWhitespaceAroundObjects() throws Exception {
        assertThat(decode("{\"id\":1,\"ping\":{}}\n")).hasSize(1);
        assertThat(decode(" \t{\"id\":1} \r\n{\"id\":2}\r\n")).extracting(Command::getId).containsExactly(1, 2);
    }

    @Test
    void decodesEveryConnectField() throws Exception {
        Command c = decodeOne("{\"id\":7,\"connect\":{\"token\":\"t\",\"data\":{\"a\": [1, 2]},"
                + "\"subs\":{\"news\":{\"recover\":true,\"offset\":18446744073709551615,\"epoch\":\"e\",\"delta\":\"fossil\"},"
                + "\"empty\":{}},\"name\":\"java\",\"version\":\"1.0\",\"headers\":{\"X-A\":\"b\"},\"flag\":-5}}");
        var connect = c.getConnect();
        assertThat(connect.getToken()).isEqualTo("t");
        assertThat(connect.getData()).isEqualTo(utf8("{\"a\": [1, 2]}"));
        assertThat(connect.getSubsMap()).containsOnlyKeys("news", "empty");
        SubscribeRequest news = connect.getSubsOrThrow("news");
        assertThat(news.getRecover()).isTrue();
        assertThat(news.getOffset()).isEqualTo(-1L); // 2^64-1 as unsigned bits
        assertThat(news.getEpoch()).isEqualTo("e");
        assertThat(news.getDelta()).isEqualTo("fossil");
        assertThat(connect.getName()).isEqualTo("java");
        assertThat(connect.getVersion()).isEqualTo("1.0");
        assertThat(connect.getHeadersMap()).containsEntry("X-A", "b");
        assertThat(connect.getFlag()).isEqualTo(-5);
    }

    @Test
    void decodesEverySubscribeField() throws Exception {
        Command c = decodeOne("{\"id\":2,\"subscribe\":{\"channel\":\"c\",\"token\":\"tk\",\"recover\":true,"
                + "\"epoch\":\"ep\",\"offset\":12,\"data\":\"str\",\"positioned\":true,\"recoverable\":false,"
                + "\"join_leave\":true,\"delta\":\"fossil\",\"flag\":3,\"tf\":{\"op\":\"and\",\"nodes\":["
                + "{\"key\":\"k\",\"cmp\":\"in\",\"vals\":[\"a\",\"b\"]},{\"op\":\"not\",\"nodes\":[{\"key\":\"x\",\"cmp\":\"eq\",\"val\":\"1\"}]}]}}}");
        SubscribeRequest s = c.getSubscribe();
        assertThat(s.getChannel()).isEqualTo("c");
        assertThat(s.getToken()).isEqualTo("tk");
        assertThat(s.getRecover()).isTrue();
        assertThat(s.getEpoch()).isEqualTo("ep");
        assertThat(s.getOffset()).isEqualTo(12);
        assertThat(s.getData()).isEqualTo(utf8("\"str\""));
        assertThat(s.getPositioned()).isTrue();
        assertThat(s.getJoinLeave()).isTrue();
        assertThat(s.getDelta()).isEqualTo("fossil");
        assertThat(s.getFlag()).isEqualTo(3);
        FilterNode tf = s.getTf();
        assertThat(tf.getOp()).isEqualTo("and");
        assertThat(tf.getNodes(0).getValsList()).containsExactly("a", "b");
        assertThat(tf.getNodes(1).getNodes(0).getVal()).isEqualTo("1");
    }

    @Test
    void decodesTheOtherRequests() throws Exception {
        List<Command> cs = decode(String.join("\n",
                "{\"id\":3,\"unsubscribe\":{\"channel\":\"u\"}}",
                "{\"id\":4,\"publish\":{\"channel\":\"p\",\"data\":{\"text\":\"hi\"}}}",
                "{\"id\":5,\"presence\":{\"channel\":\"pr\"}}",
                "{\"id\":6,\"presence_stats\":{\"channel\":\"ps\"}}",
                "{\"id\":7,\"history\":{\"channel\":\"h\",\"limit\":-1,\"since\":{\"offset\":5,\"epoch\":\"x\"},\"reverse\":true}}",
                "{\"id\":8,\"ping\":{}}",
                "{\"send\":{\"data\":[true]}}",
                "{\"id\":10,\"rpc\":{\"method\":\"m\",\"data\":1.5e3}}",
                "{\"id\":11,\"refresh\":{\"token\":\"r\"}}",
                "{\"id\":12,\"sub_refresh\":{\"channel\":\"s\",\"token\":\"st\"}}"));
        assertThat(cs.get(0).getUnsubscribe().getChannel()).isEqualTo("u");
        assertThat(cs.get(1).getPublish().getChannel()).isEqualTo("p");
        assertThat(cs.get(1).getPublish().getData()).isEqualTo(utf8("{\"text\":\"hi\"}"));
        assertThat(cs.get(2).getPresence().getChannel()).isEqualTo("pr");
        assertThat(cs.get(3).getPresenceStats().getChannel()).isEqualTo("ps");
        var history = cs.get(4).getHistory();
        assertThat(history.getLimit()).isEqualTo(-1);
        assertThat(history.getSince().getOffset()).isEqualTo(5);
        assertThat(history.getSince().getEpoch()).isEqualTo("x");
        assertThat(history.getReverse()).isTrue();
        assertThat(cs.get(5).hasPing()).isTrue();
        assertThat(cs.get(6).getId()).isZero();
        assertThat(cs.get(6).getSend().getData()).isEqualTo(utf8("[true]"));
        assertThat(cs.get(7).getRpc().getMethod()).isEqualTo("m");
        assertThat(cs.get(7).getRpc().getData()).isEqualTo(utf8("1.5e3"));
        assertThat(cs.get(8).getRefresh().getToken()).isEqualTo("r");
        assertThat(cs.get(9).getSubRefresh().getToken()).isEqualTo("st");
    }

    @Test
    void keepsRawDataBytesExactly() throws Exception {
        // Everything but a raw newline, which would end the line and so the command.
        String data = "{ \"a\" :\t[1 ,  2.50, \"\\u00e9\\n\", null],\r \"b\": {\"c\":\"é😀\"} }";
        Command c = decodeOne("{\"publish\":{\"channel\":\"x\",\"data\":   " + data + "  }, \"id\":9}");
        assertThat(c.getPublish().getData().toStringUtf8()).isEqualTo(data);
        assertThat(c.getId()).isEqualTo(9);
    }

    @Test
    void nullLeavesFieldsUnset() throws Exception {
        Command c = decodeOne("{\"id\":null,\"connect\":null,\"subscribe\":{\"channel\":null,\"data\":null,\"tf\":null},"
                + "\"publish\":null,\"ping\":null,\"history\":{\"since\":null}}");
        assertThat(c.getId()).isZero();
        assertThat(c.hasConnect()).isFalse();
        assertThat(c.hasPublish()).isFalse();
        assertThat(c.hasPing()).isFalse();
        assertThat(c.hasSubscribe()).isTrue();
        assertThat(c.getSubscribe()).isEqualTo(SubscribeRequest.getDefaultInstance());
        assertThat(c.getHistory().hasSince()).isFalse();
    }

    @Test
    void skipsUnknownFieldsOfAnyShape() throws Exception {
        Command c = decodeOne("{\"method\":0,\"params\":{\"x\":[{\"y\":[[],{}]}]},\"id\":4,"
                + "\"presence\":{\"extra\":[1,\"]}\"],\"channel\":\"c\"},\"zz\":\"\\\"}\",\"n\":-0.5E-7}");
        assertThat(c.getId()).isEqualTo(4);
        assertThat(c.getPresence().getChannel()).isEqualTo("c");
    }

    @Test
    void decodesEscapesAndUnicodeInStrings() throws Exception {
        Command c = decodeOne("{\"\\u0069d\":1,\"connect\":{\"token\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00 é 😀\"}}");
        assertThat(c.getId()).isEqualTo(1);
        assertThat(c.getConnect().getToken()).isEqualTo("a\"b\\c/d\b\f\n\r\té😀 é 😀");
    }

    @Test
    void acceptsExtremeIds() throws Exception {
        assertThat(decodeOne("{\"id\":4294967295}").getId()).isEqualTo(-1);
        assertThat(decodeOne("{\"id\":0}").getId()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "\n", "\n\n", " \t\r\n", "not json", "{", "}", "{}}", "{} x", "{}{}", "[]", "null", "1", "\"s\"",
        "{\"id\":1}\n\n{\"id\":2}", "{\"id\":1}\n\n", "\n{\"id\":1}", "{\"id\":1,}", "{,\"id\":1}", "{\"id\" 1}",
        "{\"id\":\"1\"}", "{\"id\":-1}", "{\"id\":4294967296}", "{\"id\":1.0}", "{\"id\":1e2}", "{\"id\":01}",
        "{\"id\":true}", "{\"id\":99999999999999999999999}", "{\"connect\":5}", "{\"connect\":[]}",
        "{\"connect\":{\"token\":5}}", "{\"connect\":{\"headers\":{\"a\":1}}}", "{\"connect\":{\"subs\":[]}}",
        "{\"subscribe\":{\"recover\":\"true\"}}", "{\"subscribe\":{\"offset\":-1}}",
        "{\"subscribe\":{\"offset\":18446744073709551616}}", "{\"subscribe\":{\"flag\":9223372036854775808}}",
        "{\"history\":{\"limit\":2147483648}}", "{\"subscribe\":{\"tf\":{\"vals\":[1]}}}",
        "{\"publish\":{\"data\":}}", "{\"publish\":{\"data\":{\"a\":1,}}}", "{\"publish\":{\"data\":[1 2]}}",
        "{\"publish\":{\"data\":tru}}", "{\"publish\":{\"data\":NaN}}", "{\"publish\":{\"data\":'x'}}",
        "{\"x\":\"\\x\"}", "{\"x\":\"\\u12\"}", "{\"x\":\"a\tb\"}", "{\"x\":\"unterminated}", "{\"x\":-}", "{\"x\":1.}",
        "{\"x\":.5}", "{\"x\":1e}", "{\"x\":+1}", "{\"x\":[1,]}", "{\"x\":{\"a\"}}", "{'id':1}", "{\"id\":1}/*c*/",
    })
    void rejectsInvalidFramesWithBadRequest(String frame) {
        assertBadRequest(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsInvalidUtf8() {
        assertBadRequest(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
        assertBadRequest(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        assertBadRequest(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'});
        assertBadRequest(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'});
    }

    @Test
    void rejectsFilterTreesNestedTooDeeply() {
        StringBuilder sb = new StringBuilder("{\"subscribe\":{\"tf\":");
        int depth = CommandJsonReader.MAX_FILTER_DEPTH + 1;
        sb.append("{\"nodes\":[".repeat(depth - 1)).append("{}").append("]}".repeat(depth - 1)).append("}}");
        assertBadRequest(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void skipsDeeplyNestedUnknownValuesWithoutRecursion() throws Exception {
        int depth = 100_000;
        String frame = "{\"x\":" + "[{\"a\":".repeat(depth) + "1" + "}]".repeat(depth) + ",\"id\":3}";
        assertThat(decodeOne(frame).getId()).isEqualTo(3);
        assertBadRequest(("{\"x\":" + "[".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8));
    }

    private void assertBadRequest(byte[] frame) {
        assertThatThrownBy(() -> codec.decodeCommands(frame))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.disconnect()).isEqualTo(Disconnect.BAD_REQUEST);
                    assertThat(e.getCause()).isNull();
                });
    }
}
