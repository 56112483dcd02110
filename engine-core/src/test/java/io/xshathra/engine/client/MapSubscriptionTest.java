package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Map subscriptions driven over the protocol the way the SDK drives them: state, stream, live. */
class MapSubscriptionTest {
    private static final MapOptions.Paging TWO_PER_PAGE = new MapOptions.Paging(2, 1, 2, 0, Duration.ofSeconds(5));
    private final TestEngine engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
            "eph", map(MapMode.EPHEMERAL, Duration.ofMinutes(1), 0, "", MapOptions.Paging.DEFAULTS),
            "pers", map(MapMode.PERSISTENT, Duration.ZERO, 0, "", TWO_PER_PAGE),
            "small", map(MapMode.PERSISTENT, Duration.ZERO, 2, "", MapOptions.Paging.DEFAULTS),
            "pres", map(MapMode.EPHEMERAL, Duration.ofMinutes(1), 0, "cli:", MapOptions.Paging.DEFAULTS),
            "cli", options(SubscriptionType.MAP_CLIENTS, mapOptions(MapMode.EPHEMERAL, Duration.ofMinutes(1), 0, "",
                    MapOptions.Paging.DEFAULTS)),
            "stream", TestEngine.options(b -> b.permissions = TestEngine.subscribeOnly())), c -> c));

    private static ChannelOptions map(MapMode mode, Duration keyTtl, int streamSize, String presence,
                                      MapOptions.Paging paging) {
        return options(SubscriptionType.MAP, mapOptions(mode, keyTtl, streamSize, presence, paging));
    }

    private static MapOptions mapOptions(MapMode mode, Duration keyTtl, int streamSize, String presence,
                                         MapOptions.Paging paging) {
        return new MapOptions(mode, keyTtl, streamSize, Duration.ZERO, Duration.ZERO, false,
                MapOptions.ClientKey.REQUEST, new MapOptions.Access(true, false, false, true, false, false), paging,
                presence, "");
    }

    private static ChannelOptions options(SubscriptionType type, MapOptions map) {
        return TestEngine.options(b -> {
            b.permissions = TestEngine.subscribeOnly();
            b.subscriptionType = type;
            b.map = map;
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private MapUpdateResult put(String channel, String key, String json) {
        return engine.node.api().mapPublish(new ApiRequests.MapPublish(channel, key,
                json.getBytes(StandardCharsets.UTF_8), null, null, false, 0, "", ""))
                .toCompletableFuture().join().result();
    }

    private static SubscribeRequest.Builder mapSub(String channel, int phase) {
        return SubscribeRequest.newBuilder().setChannel(channel).setType(1).setPhase(phase);
    }

    @Test
    void statePagesThenLiveWithTheLastPageAndChanges() {
        for (String k : new String[] {"a", "b", "c", "d", "e"}) {
            put("pers:m", k, "{\"k\":\"" + k + "\"}");
        }
        TestClient c = engine.connected("alice");
        SubscribeResult p1 = c.subscribe(mapSub("pers:m", 2)).getSubscribe();
        assertThat(p1.getPhase()).isEqualTo(2);
        assertThat(p1.getStateList()).extracting(Publication::getKey).containsExactly("a", "b");
        assertThat(p1.getStateList()).as("write times stay on the server").allMatch(p -> p.getTime() == 0);
        assertThat(p1.getOffset()).isEqualTo(5);
        put("pers:m", "a", "{\"k\":\"a2\"}");
        SubscribeResult p2 = c.subscribe(mapSub("pers:m", 2).setCursor(p1.getCursor()).setOffset(p1.getOffset())
                .setEpoch(p1.getEpoch())).getSubscribe();
        assertThat(p2.getOffset()).as("frozen at the first page").isEqualTo(5);
        SubscribeResult last = c.subscribe(mapSub("pers:m", 2).setCursor(p2.getCursor()).setOffset(p1.getOffset())
                .setEpoch(p1.getEpoch())).getSubscribe();
        assertThat(last.getPhase()).isZero();
        assertThat(last.getType()).isEqualTo(1);
        assertThat(last.getRecoverable()).isTrue();
        assertThat(last.getStateList()).extracting(Publication::getKey).containsExactly("e");
        // The write made during pagination comes as a change after the state.
        assertThat(last.getPublicationsList()).extracting(Publication::getKey).containsExactly("a");
        assertThat(last.getOffset()).isEqualTo(6);
        put("pers:m", "f", "{}");
        assertThat(last.getPublicationsList()).allMatch(p -> p.getTime() == 0);
        Push push = c.push();
        assertThat(push.getPub().getKey()).isEqualTo("f");
        assertThat(push.getPub().getTime()).isZero();
        assertThat(push.getPub().getOffset()).isEqualTo(7);
    }

    @Test
    void recoveryFromAPositionAndUnrecoverablePositions() {
        String epoch = put("small:m", "a", "1").position().epoch();
        TestClient c = engine.connected("alice");
        put("small:m", "b", "2");
        SubscribeResult r = c.subscribe(mapSub("small:m", 1).setRecover(true).setOffset(1).setEpoch(epoch))
                .getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(r.getWasRecovering()).isTrue();
        assertThat(r.getPublicationsList()).extracting(Publication::getKey).containsExactly("b");
        c.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("small:m")));
        for (int i = 0; i < 3; i++) {
            put("small:m", "k" + i, "1");
        }
        Reply lost = c.subscribe(mapSub("small:m", 1).setRecover(true).setOffset(2).setEpoch(epoch));
        assertThat(lost.getError().getCode()).isEqualTo(112);
        Reply other = c.subscribe(mapSub("small:m", 0).setRecover(true).setOffset(2).setEpoch("gone"));
        assertThat(other.getError().getCode()).isEqualTo(112);
    }

    @Test
    void pagesNeedAFirstRequestAndTypesMustMatchTheNamespace() {
        TestClient c = engine.connected("alice");
        assertThat(c.subscribe(mapSub("pers:m", 2).setCursor("x")).getError().getCode()).isEqualTo(103);
        assertThat(c.subscribe(mapSub("pers:m", 1)).getError().getCode()).as("stream phase without recover")
                .isEqualTo(103);
        assertThat(c.subscribe(mapSub("stream:m", 2)).getError().getCode()).isEqualTo(103);
        assertThat(c.subscribe("pers:m").getError().getCode()).isEqualTo(103);
        assertThat(c.subscribe(mapSub("eph:m", 2).setType(2)).getError().getCode()).isEqualTo(103);
        assertThat(c.subscribe(mapSub("eph:m", 7)).getError().getCode()).isEqualTo(107);
    }

    @Test
    void clientWritesAndRemovesThroughPublishTypeOne() {
        TestClient c = engine.connected("alice");
        SubscribeResult live = c.subscribe(mapSub("eph:m", 2)).getSubscribe();
        assertThat(live.getPhase()).isZero();
        assertThat(live.getRecoverable()).isFalse();
        Reply ok = c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("eph:m").setType(1)
                .setKey("k").setData(ByteString.copyFromUtf8("{\"v\":1}"))));
        assertThat(ok.hasPublish()).isTrue();
        Push set = c.push();
        assertThat(set.getPub().getKey()).isEqualTo("k");
        assertThat(set.getPub().getInfo().getUser()).isEqualTo("alice");
        c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("eph:m").setType(1)
                .setKey("k").setRemoved(true)));
        assertThat(c.push().getPub().getRemoved()).isTrue();
        Reply noKey = c.call(Command.newBuilder().setPublish(PublishRequest.newBuilder().setChannel("eph:m")
                .setType(1)));
        assertThat(noKey.getError().getCode()).isEqualTo(107);
    }

    @Test
    void clientPresenceEntriesFollowTheSubscription() {
        TestClient watcher = engine.connected("w");
        SubscribeResult empty = watcher.subscribe(mapSub("cli:pres:room", 2).setType(2)).getSubscribe();
        assertThat(empty.getStateList()).isEmpty();
        TestClient member = engine.connected("bob");
        String id = member.session.id;
        member.subscribe(mapSub("pres:room", 2));
        Push added = watcher.push();
        assertThat(added.getPub().getKey()).isEqualTo(id);
        assertThat(added.getPub().getInfo().getUser()).isEqualTo("bob");
        member.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("pres:room")));
        Push removed = watcher.push();
        assertThat(removed.getPub().getKey()).isEqualTo(id);
        assertThat(removed.getPub().getRemoved()).isTrue();
        assertThat(List.of(watcher.remainingPushes().size())).containsExactly(0);
    }
}
