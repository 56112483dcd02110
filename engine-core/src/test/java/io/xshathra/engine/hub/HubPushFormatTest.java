package io.xshathra.engine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Pushes are encoded once per {@link PushFormat} present, bare for unidirectional subscribers. */
class HubPushFormatTest {
    private static final Executor INLINE = Runnable::run;
    private final Hub hub = new Hub();

    /** A subscriber of one format whose deliveries run inline. */
    private static final class FormatSubscriber implements Subscriber {
        final PushFormat format;
        final List<PreparedPush> got = new ArrayList<>();

        FormatSubscriber(PushFormat format) {
            this.format = format;
        }

        @Override
        public Executor executor() {
            return INLINE;
        }

        @Override
        public ProtocolType protocol() {
            return format.protocol();
        }

        @Override
        public PushFormat pushFormat() {
            return format;
        }

        @Override
        public void deliver(PreparedPush push) {
            got.add(push);
        }
    }

    private static Publication pub() {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"v\":1}")).setOffset(3).build();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void unidirectionalSubscribersGetBarePushesEncodedOnceForAll() throws Exception {
        FormatSubscriber uni1 = new FormatSubscriber(PushFormat.JSON_BARE);
        FormatSubscriber uni2 = new FormatSubscriber(PushFormat.JSON_BARE);
        FormatSubscriber bidi = new FormatSubscriber(PushFormat.JSON_REPLY);
        hub.add("ch", uni1);
        hub.add("ch", uni2);
        hub.add("ch", bidi);
        hub.broadcastPublication("ch", pub(), new StreamPosition(3, "e"));

        PreparedPush p = uni1.got.get(0);
        assertThat(uni2.got.get(0)).isSameAs(p);
        assertThat(bidi.got.get(0)).isSameAs(p);
        assertThat(utf8(p.bytes(PushFormat.JSON_BARE)))
                .isEqualTo("{\"channel\":\"ch\",\"pub\":{\"data\":{\"v\":1},\"offset\":3}}");
        assertThat(utf8(p.bytes(PushFormat.JSON_REPLY)))
                .isEqualTo("{\"push\":{\"channel\":\"ch\",\"pub\":{\"data\":{\"v\":1},\"offset\":3}}}");
        assertThat(p.bytes(PushFormat.JSON_BARE)).isSameAs(p.bytes(PushFormat.JSON_BARE));
        assertThat(p.bytes(PushFormat.PROTOBUF_REPLY)).as("nobody needs it").isNull();
        assertThat(p.bytes(PushFormat.PROTOBUF_BARE)).as("nobody needs it").isNull();
    }

    @Test
    void onlyTheFormatsOfPresentSubscribersAreEncoded() throws Exception {
        FormatSubscriber uni = new FormatSubscriber(PushFormat.PROTOBUF_BARE);
        hub.add("ch", uni);
        hub.broadcastPublication("ch", pub(), StreamPosition.NONE);
        PreparedPush p = uni.got.get(0);
        assertThat(Push.parseDelimitedFrom(new ByteArrayInputStream(p.bytes(PushFormat.PROTOBUF_BARE))).getPub())
                .isEqualTo(pub());
        assertThat(p.bytes(PushFormat.JSON_BARE)).isNull();
        assertThat(p.bytes(PushFormat.JSON_REPLY)).isNull();

        hub.remove("ch", uni);
        FormatSubscriber bidi = new FormatSubscriber(PushFormat.JSON_REPLY);
        hub.add("ch", bidi);
        hub.broadcastPublication("ch", pub(), StreamPosition.NONE);
        assertThat(bidi.got.get(0).bytes(PushFormat.PROTOBUF_BARE)).as("the bare subscriber left").isNull();
    }

    @Test
    void joinAndLeaveAreEncodedPerFormatToo() {
        FormatSubscriber uni = new FormatSubscriber(PushFormat.JSON_BARE);
        hub.add("ch", uni);
        hub.broadcastJoin("ch", ClientInfo.newBuilder().setUser("u").setClient("c").build());
        hub.broadcastLeave("ch", ClientInfo.newBuilder().setUser("u").setClient("c").build());
        assertThat(utf8(uni.got.get(0).bytes(PushFormat.JSON_BARE)))
                .isEqualTo("{\"channel\":\"ch\",\"join\":{\"info\":{\"user\":\"u\",\"client\":\"c\"}}}");
        assertThat(utf8(uni.got.get(1).bytes(PushFormat.JSON_BARE)))
                .isEqualTo("{\"channel\":\"ch\",\"leave\":{\"info\":{\"user\":\"u\",\"client\":\"c\"}}}");
        assertThat(uni.got.get(0).bytes(PushFormat.JSON_REPLY)).isNull();
    }

    @Test
    void deltaSubscribersOfABareFormatGetBareDeltaForms() {
        FormatSubscriber uni = new FormatSubscriber(PushFormat.JSON_BARE);
        hub.add("ch", uni, true);
        String before = "{\"text\":\"" + "abcdefgh".repeat(20) + "\",\"n\":1}";
        String after = before.replace("\"n\":1", "\"n\":2");
        Publication prev = Publication.newBuilder().setData(ByteString.copyFromUtf8(before)).setOffset(1).build();
        Publication next = Publication.newBuilder().setData(ByteString.copyFromUtf8(after)).setOffset(2).build();
        hub.broadcastPublication("ch", next, new StreamPosition(2, "e"), prev);
        PreparedPush p = uni.got.get(0);
        assertThat(utf8(p.deltaBytes(PushFormat.JSON_BARE, true))).startsWith("{\"channel\":\"ch\",\"pub\":{")
                .contains("\"delta\":true");
        assertThat(utf8(p.deltaBytes(PushFormat.JSON_BARE, false))).startsWith("{\"channel\":\"ch\",\"pub\":{\"data\":\"")
                .doesNotContain("\"delta\"");
        assertThat(p.deltaBytes(PushFormat.JSON_REPLY, true)).as("no reply-format delta subscriber").isNotNull()
                .satisfies(b -> assertThat(utf8(b)).startsWith("{\"push\":"));
    }
}
