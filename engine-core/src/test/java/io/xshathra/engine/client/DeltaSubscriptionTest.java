package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.delta.FossilApply;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fossil delta subscriptions (spec 7.6) over the Protobuf protocol: raw patches in {@code data}. */
class DeltaSubscriptionTest {

    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
                "d", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.historySize = 100;
                    b.historyTtl = Duration.ofMinutes(5);
                    b.allowedDeltaTypes = List.of("fossil");
                    b.allowRecovery = true;
                }),
                "dp", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.historySize = 100;
                    b.historyTtl = Duration.ofMinutes(5);
                    b.allowedDeltaTypes = List.of("fossil");
                    b.deltaPublish = true;
                }),
                "plain", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.historySize = 100;
                    b.historyTtl = Duration.ofMinutes(5);
                })),
                c -> TestEngine.client(c, false, false, 300)));
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private static String payload(int version) {
        StringBuilder sb = new StringBuilder("{\"version\":" + version + ",\"rows\":[");
        for (int i = 0; i < 40; i++) {
            sb.append("{\"id\":").append(i).append(",\"label\":\"row ").append(i).append("\"},");
        }
        return sb.append("{\"last\":").append(version).append("}]}").toString();
    }

    private StreamPosition publish(String channel, String json, boolean delta) {
        ChannelOptions o = engine.node.channelRules().resolve(channel).options();
        Publication pub = Publication.newBuilder().setData(ByteString.copyFromUtf8(json)).build();
        return engine.node.publish(channel, pub, o, null, delta).toCompletableFuture().join().position();
    }

    private static SubscribeRequest.Builder deltaSub(String channel) {
        return SubscribeRequest.newBuilder().setChannel(channel).setDelta("fossil");
    }

    @Test
    void firstPublicationIsFullThenPatchesReconstructExactly() {
        TestClient c = engine.connected("1");
        TestClient plain = engine.connected("2");
        assertThat(c.subscribe(deltaSub("d:a")).getSubscribe().getDelta()).isTrue();
        assertThat(plain.subscribe("d:a").getSubscribe().getDelta()).isFalse();
        byte[] held = null;
        for (int v = 1; v <= 4; v++) {
            publish("d:a", payload(v), true);
            Publication got = c.push().getPub();
            Publication full = plain.push().getPub();
            assertThat(full.getDelta()).isFalse();
            assertThat(full.getData().toStringUtf8()).isEqualTo(payload(v));
            assertThat(got.getDelta()).as("publication %d", v).isEqualTo(v > 1);
            byte[] data = got.getData().toByteArray();
            held = got.getDelta() ? FossilApply.apply(held, data) : data;
            assertThat(new String(held, StandardCharsets.UTF_8)).isEqualTo(payload(v));
            if (v > 1) {
                assertThat(data.length).isLessThan(payload(v).length() / 4);
            }
        }
    }

    @Test
    void withoutTheDeltaFlagOrAllowedTypePublicationsGoInFull() {
        TestClient c = engine.connected("1");
        c.subscribe(deltaSub("d:b"));
        publish("d:b", payload(1), false);
        publish("d:b", payload(2), false);
        assertThat(c.push().getPub().getDelta()).isFalse();
        assertThat(c.push().getPub().getDelta()).isFalse();

        assertThat(c.subscribe(deltaSub("plain:x")).getSubscribe().getDelta()).isFalse();
        publish("plain:x", payload(1), true);
        publish("plain:x", payload(2), true);
        assertThat(c.push().getPub().getData().toStringUtf8()).isEqualTo(payload(1));
        Publication second = c.push().getPub();
        assertThat(second.getDelta()).isFalse();
        assertThat(second.getData().toStringUtf8()).isEqualTo(payload(2));
    }

    @Test
    void deltaPublishNamespaceSendsPatchesWithoutTheFlag() {
        TestClient c = engine.connected("1");
        c.subscribe(deltaSub("dp:a"));
        publish("dp:a", payload(1), false);
        publish("dp:a", payload(2), false);
        byte[] first = c.push().getPub().getData().toByteArray();
        Publication second = c.push().getPub();
        assertThat(second.getDelta()).isTrue();
        assertThat(new String(FossilApply.apply(first, second.getData().toByteArray()), StandardCharsets.UTF_8))
                .isEqualTo(payload(2));
    }

    @Test
    void recoveryStartsFullThenPatchesAndLiveOnesContinueAsPatches() {
        TestClient c = engine.connected("1");
        StreamPosition start = publish("d:r", payload(0), true);
        for (int v = 1; v <= 3; v++) {
            publish("d:r", payload(v), true);
        }
        SubscribeResult res = c.subscribe(deltaSub("d:r").setRecoverable(true).setRecover(true)
                .setOffset(start.offset()).setEpoch(start.epoch())).getSubscribe();
        assertThat(res.getRecovered()).isTrue();
        assertThat(res.getDelta()).isTrue();
        List<Publication> pubs = res.getPublicationsList();
        assertThat(pubs).hasSize(3);
        assertThat(pubs.get(0).getDelta()).isFalse();
        byte[] held = pubs.get(0).getData().toByteArray();
        assertThat(new String(held, StandardCharsets.UTF_8)).isEqualTo(payload(1));
        for (int i = 1; i < 3; i++) {
            assertThat(pubs.get(i).getDelta()).isTrue();
            held = FossilApply.apply(held, pubs.get(i).getData().toByteArray());
            assertThat(new String(held, StandardCharsets.UTF_8)).isEqualTo(payload(i + 1));
        }
        publish("d:r", payload(4), true);
        Push live = c.push();
        assertThat(live.getPub().getDelta()).isTrue();
        assertThat(new String(FossilApply.apply(held, live.getPub().getData().toByteArray()), StandardCharsets.UTF_8))
                .isEqualTo(payload(4));
    }

    @Test
    void aPublicationOutsideTheStreamResetsTheDeltaBase() {
        TestClient c = engine.connected("1");
        c.subscribe(deltaSub("d:s"));
        publish("d:s", payload(1), true);
        ChannelOptions noHistory = engine.node.channelRules().resolve("d:s").options().toBuilder().build();
        ChannelOptions.Builder b = noHistory.toBuilder();
        b.historySize = 0;
        b.historyTtl = Duration.ZERO;
        engine.node.publish("d:s", Publication.newBuilder().setData(ByteString.copyFromUtf8(payload(7))).build(),
                b.build(), null, true).toCompletableFuture().join();
        publish("d:s", payload(2), true);
        assertThat(c.push().getPub().getDelta()).isFalse();
        assertThat(c.push().getPub().getData().toStringUtf8()).isEqualTo(payload(7));
        Publication third = c.push().getPub();
        // Its patch base (payload 1) is not what the client holds (payload 7): sent in full.
        assertThat(third.getDelta()).isFalse();
        assertThat(third.getData().toStringUtf8()).isEqualTo(payload(2));
    }
}
