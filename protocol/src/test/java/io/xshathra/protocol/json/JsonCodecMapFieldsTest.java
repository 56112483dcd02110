package io.xshathra.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.protocol.ProtobufCodec;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubRefreshResult;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.TrackBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The map-subscription and shared-poll fields of protocol v0.19, in JSON and in Protobuf. */
class JsonCodecMapFieldsTest {
    private static Command decodeOne(String json) throws Exception {
        List<Command> cs = JsonCodec.INSTANCE.decodeCommands(json.getBytes(StandardCharsets.UTF_8));
        assertThat(cs).hasSize(1);
        return cs.get(0);
    }

    private static String encode(Reply r) throws Exception {
        return new String(JsonCodec.INSTANCE.encodeReply(r), StandardCharsets.UTF_8);
    }

    @Test
    void decodesMapSubscribeFields() throws Exception {
        SubscribeRequest s = decodeOne("{\"id\":3,\"subscribe\":{\"channel\":\"m:1\",\"type\":1,\"phase\":2,"
                + "\"cursor\":\"k2\",\"limit\":50,\"asc\":true,\"offset\":7,\"epoch\":\"e\"}}").getSubscribe();
        assertThat(s.getType()).isEqualTo(1);
        assertThat(s.getPhase()).isEqualTo(2);
        assertThat(s.getCursor()).isEqualTo("k2");
        assertThat(s.getLimit()).isEqualTo(50);
        assertThat(s.getAsc()).isTrue();
        assertThat(s.getOffset()).isEqualTo(7);
    }

    @Test
    void decodesMapPublishAndRemove() throws Exception {
        PublishRequest p = decodeOne("{\"id\":4,\"publish\":{\"channel\":\"m:1\",\"data\":{\"v\":1},"
                + "\"type\":1,\"key\":\"k\"}}").getPublish();
        assertThat(p.getType()).isEqualTo(1);
        assertThat(p.getKey()).isEqualTo("k");
        assertThat(p.getData().toStringUtf8()).isEqualTo("{\"v\":1}");
        PublishRequest r = decodeOne("{\"id\":5,\"publish\":{\"channel\":\"m:1\",\"type\":1,\"key\":\"k\","
                + "\"removed\":true}}").getPublish();
        assertThat(r.getRemoved()).isTrue();
    }

    @Test
    void decodesSharedPollTrackAndUntrack() throws Exception {
        SubRefreshRequest r = decodeOne("{\"id\":6,\"sub_refresh\":{\"channel\":\"p:1\",\"type\":1,"
                + "\"track\":[{\"signature\":\"sig\",\"items\":[{\"key\":\"a\",\"version\":3},{\"key\":\"b\"}]}],"
                + "\"untrack\":[\"x\",\"y\"]}}").getSubRefresh();
        assertThat(r.getType()).isEqualTo(1);
        assertThat(r.getTrack(0).getSignature()).isEqualTo("sig");
        assertThat(r.getTrack(0).getItemsList()).containsExactly(
                KeyedItem.newBuilder().setKey("a").setVersion(3).build(),
                KeyedItem.newBuilder().setKey("b").build());
        assertThat(r.getUntrackList()).containsExactly("x", "y");
    }

    @Test
    void writesMapSubscribeResultInFieldOrderOmittingEmpty() throws Exception {
        SubscribeResult res = SubscribeResult.newBuilder().setRecoverable(true).setEpoch("ep").setOffset(9)
                .setType(1).setPhase(2).setCursor("next")
                .addState(Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"v\":1}"))
                        .setOffset(3).setKey("k1"))
                .setPublishDebounce(50).build();
        assertThat(encode(Reply.newBuilder().setId(2).setSubscribe(res).build())).isEqualTo(
                "{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"ep\",\"offset\":9,\"type\":1,"
                        + "\"phase\":2,\"cursor\":\"next\",\"state\":[{\"data\":{\"v\":1},\"offset\":3,\"key\":\"k1\"}],"
                        + "\"publish_debounce\":50}}");
        // The live phase is 0 and is omitted like every other zero value.
        assertThat(encode(Reply.newBuilder().setId(3).setSubscribe(SubscribeResult.newBuilder().setType(1)).build()))
                .isEqualTo("{\"id\":3,\"subscribe\":{\"type\":1}}");
    }

    @Test
    void writesKeyedPublicationFields() throws Exception {
        Publication p = Publication.newBuilder().setOffset(4).setKey("k").setRemoved(true).setScore(-3)
                .setEpoch("e").setPrevData(ByteString.copyFromUtf8("[1]")).setVersion(8).build();
        assertThat(encode(Reply.newBuilder().setSubscribe(SubscribeResult.newBuilder().addPublications(p)).build()))
                .isEqualTo("{\"subscribe\":{\"publications\":[{\"offset\":4,\"key\":\"k\",\"removed\":true,"
                        + "\"score\":-3,\"epoch\":\"e\",\"prev_data\":[1],\"version\":8}]}}");
    }

    @Test
    void writesSubRefreshItems() throws Exception {
        SubRefreshResult r = SubRefreshResult.newBuilder().setTtl(10)
                .addItems(Publication.newBuilder().setKey("a").setVersion(2).setData(ByteString.copyFromUtf8("1")))
                .build();
        assertThat(encode(Reply.newBuilder().setId(1).setSubRefresh(r).build()))
                .isEqualTo("{\"id\":1,\"sub_refresh\":{\"ttl\":10,\"items\":[{\"data\":1,\"key\":\"a\",\"version\":2}]}}");
    }

    @Test
    void protobufCarriesTheSameFieldsByNumber() throws Exception {
        Command c = Command.newBuilder().setId(1).setSubscribe(SubscribeRequest.newBuilder().setChannel("m")
                .setType(1).setPhase(1).setCursor("c").setLimit(2).setAsc(true)).build();
        byte[] bytes = c.toByteArray();
        // Field 15 (type) is tag 0x78 inside the subscribe message; 19 (asc) is the two-byte tag 0x98 0x01.
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("\u0078\u0001").contains("\u0098\u0001\u0001");
        java.io.ByteArrayOutputStream framed = new java.io.ByteArrayOutputStream();
        c.writeDelimitedTo(framed);
        List<Command> back = ProtobufCodec.INSTANCE.decodeCommands(framed.toByteArray());
        assertThat(back).containsExactly(c);
    }
}
