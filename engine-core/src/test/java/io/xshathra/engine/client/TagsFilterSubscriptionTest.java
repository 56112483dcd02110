package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.proto.FilterNode;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions with a tags filter ({@code tf}): validation, live delivery, recovery, delta. */
class TagsFilterSubscriptionTest {
    private static final FilterNode BTC = FilterNode.newBuilder().setKey("ticker").setCmp("eq").setVal("BTC").build();
    private TestEngine engine;

    @BeforeEach
    void start() {
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
                "tags", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.allowTagsFilter = true;
                    b.historySize = 100;
                    b.historyTtl = Duration.ofMinutes(5);
                    b.allowRecovery = true;
                    b.allowedDeltaTypes = List.of("fossil");
                }),
                "tagscache", options(b -> {
                    b.permissions = TestEngine.subscribeOnly();
                    b.allowTagsFilter = true;
                    b.historySize = 100;
                    b.historyTtl = Duration.ofMinutes(5);
                    b.forceRecovery = true;
                    b.recoveryMode = ChannelOptions.RecoveryMode.CACHE;
                }),
                "plain", options(b -> b.permissions = TestEngine.subscribeOnly())),
                c -> TestEngine.client(c, false, false, 300)));
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private StreamPosition publish(String channel, int n, String ticker) {
        ChannelOptions o = engine.node.channelRules().resolve(channel).options();
        Publication pub = Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"n\":" + n + "}"))
                .putAllTags(Map.of("ticker", ticker)).build();
        return engine.node.publish(channel, pub, o, null).toCompletableFuture().join().position();
    }

    private static int n(Push p) {
        String s = p.getPub().getData().toStringUtf8();
        return Integer.parseInt(s.substring(s.indexOf(':') + 1, s.indexOf('}')));
    }

    @Test
    void refusedWhereNotAllowedOrMalformed() {
        TestClient c = engine.connected("1");
        Reply notAllowed = c.subscribe(SubscribeRequest.newBuilder().setChannel("plain:a").setTf(BTC));
        assertThat(notAllowed.getError().getCode()).isEqualTo(107);
        Reply malformed = c.subscribe(SubscribeRequest.newBuilder().setChannel("tags:a")
                .setTf(FilterNode.newBuilder().setKey("ticker").setCmp("eq")));
        assertThat(malformed.getError().getCode()).isEqualTo(107);
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("tags:a").setTf(BTC)).hasError()).isFalse();
    }

    @Test
    void onlyMatchingPublicationsAreDeliveredAndUnfilteredSubscribersGetAll() {
        TestClient filtered = engine.connected("1");
        TestClient all = engine.connected("2");
        filtered.subscribe(SubscribeRequest.newBuilder().setChannel("tags:live").setTf(BTC).setPositioned(true));
        all.subscribe("tags:live");
        publish("tags:live", 1, "ETH");
        publish("tags:live", 2, "BTC");
        publish("tags:live", 3, "ETH");
        publish("tags:live", 4, "BTC");
        assertThat(n(filtered.push())).isEqualTo(2);
        assertThat(n(filtered.push())).as("filtered ones advance the position without a gap").isEqualTo(4);
        for (int i = 1; i <= 4; i++) {
            assertThat(n(all.push())).isEqualTo(i);
        }
        all.barrier();
        filtered.barrier();
        assertThat(filtered.remainingPushes()).isEmpty();
    }

    @Test
    void recoveryReturnsOnlyMatchingPublications() {
        StreamPosition start = publish("tags:rec", 1, "BTC");
        publish("tags:rec", 2, "ETH");
        publish("tags:rec", 3, "BTC");
        publish("tags:rec", 4, "ETH");
        TestClient c = engine.connected("1");
        Reply r = c.subscribe(SubscribeRequest.newBuilder().setChannel("tags:rec").setTf(BTC).setRecoverable(true)
                .setRecover(true).setOffset(start.offset()).setEpoch(start.epoch()));
        assertThat(r.getSubscribe().getRecovered()).isTrue();
        assertThat(r.getSubscribe().getPublicationsList()).extracting(Publication::getOffset)
                .containsExactly(start.offset() + 2);
    }

    @Test
    void cacheRecoveryReturnsTheNewestMatchingPublication() {
        StreamPosition first = publish("tagscache:c", 1, "BTC");
        publish("tagscache:c", 2, "BTC");
        StreamPosition top = publish("tagscache:c", 3, "ETH");
        TestClient c = engine.connected("1");
        Reply r = c.subscribe(SubscribeRequest.newBuilder().setChannel("tagscache:c").setTf(BTC)
                .setRecover(true).setOffset(first.offset()).setEpoch(first.epoch()));
        assertThat(r.getSubscribe().getRecovered()).isTrue();
        assertThat(r.getSubscribe().getPublicationsList()).extracting(Publication::getOffset)
                .containsExactly(first.offset() + 1);
        TestClient none = engine.connected("2");
        Reply nothing = none.subscribe(SubscribeRequest.newBuilder().setChannel("tagscache:c")
                .setTf(FilterNode.newBuilder().setKey("ticker").setCmp("eq").setVal("SOL"))
                .setRecover(true).setOffset(first.offset()).setEpoch(first.epoch()));
        assertThat(nothing.getSubscribe().getRecovered()).as("nothing visible and not at the top").isFalse();
        assertThat(nothing.getSubscribe().getPublicationsList()).isEmpty();
        assertThat(nothing.getSubscribe().getOffset()).isEqualTo(top.offset());
    }

    @Test
    void deltaSubscribersGetEveryPublicationAsCentrifugoDoes() {
        TestClient c = engine.connected("1");
        assertThat(c.subscribe(SubscribeRequest.newBuilder().setChannel("tags:d").setTf(BTC).setDelta("fossil"))
                .getSubscribe().getDelta()).isTrue();
        publish("tags:d", 1, "ETH");
        publish("tags:d", 2, "BTC");
        assertThat(n(c.push())).isEqualTo(1);
        assertThat(c.push().getPub().getTagsMap()).containsEntry("ticker", "BTC");
    }
}
