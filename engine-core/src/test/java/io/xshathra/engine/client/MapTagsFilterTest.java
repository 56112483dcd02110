package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.FilterNode;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tags filters ({@code tf}) on map subscriptions: state pages, stream pages, live, recovery. */
class MapTagsFilterTest {
    private static final FilterNode ENG = FilterNode.newBuilder().setKey("team").setCmp("eq").setVal("eng").build();
    private static final MapOptions.Paging TWO_PER_PAGE = new MapOptions.Paging(2, 1, 2, 0, Duration.ofSeconds(5));
    private final TestEngine engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
            "tagged", map(MapMode.PERSISTENT, true, MapOptions.Paging.DEFAULTS),
            "paged", map(MapMode.PERSISTENT, true, TWO_PER_PAGE),
            "eph", map(MapMode.EPHEMERAL, true, MapOptions.Paging.DEFAULTS),
            "plain", map(MapMode.PERSISTENT, false, MapOptions.Paging.DEFAULTS)), c -> c));

    private static ChannelOptions map(MapMode mode, boolean allowTags, MapOptions.Paging paging) {
        MapOptions m = new MapOptions(mode, mode == MapMode.EPHEMERAL ? Duration.ofMinutes(1) : Duration.ZERO, 0,
                Duration.ZERO, Duration.ZERO, false, MapOptions.ClientKey.REQUEST,
                new MapOptions.Access(true, false, false, true, false, false), paging, "", "");
        return TestEngine.options(b -> {
            b.permissions = TestEngine.subscribeOnly();
            b.subscriptionType = SubscriptionType.MAP;
            b.map = m;
            b.allowTagsFilter = allowTags;
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private MapUpdateResult put(String channel, String key, String team) {
        return engine.node.api().mapPublish(new ApiRequests.MapPublish(channel, key,
                "{}".getBytes(StandardCharsets.UTF_8), Map.of("team", team), null, false, 0, "", ""))
                .toCompletableFuture().join().result();
    }

    private void remove(String channel, String key) {
        engine.node.api().mapRemove(new ApiRequests.MapRemove(channel, key, null)).toCompletableFuture().join();
    }

    private static SubscribeRequest.Builder mapSub(String channel, int phase) {
        return SubscribeRequest.newBuilder().setChannel(channel).setType(1).setPhase(phase);
    }

    @Test
    void stateAndLiveCarryOnlyMatchingEntries() {
        put("tagged:m", "eng1", "eng");
        put("tagged:m", "sales1", "sales");
        put("tagged:m", "eng2", "eng");
        TestClient c = engine.connected("alice");
        SubscribeResult live = c.subscribe(mapSub("tagged:m", 2).setTf(ENG)).getSubscribe();
        assertThat(live.getPhase()).isZero();
        assertThat(live.getStateList()).extracting(Publication::getKey).containsExactlyInAnyOrder("eng1", "eng2");
        assertThat(live.getOffset()).isEqualTo(3);
        put("tagged:m", "sales2", "sales");
        put("tagged:m", "eng3", "eng");
        remove("tagged:m", "sales1");
        remove("tagged:m", "eng1");
        Push p1 = c.push();
        assertThat(p1.getPub().getKey()).isEqualTo("eng3");
        Push p2 = c.push();
        assertThat(p2.getPub().getKey()).isEqualTo("eng1");
        assertThat(p2.getPub().getRemoved()).as("a removal carries the entry's tags").isTrue();
        assertThat(c.remainingPushes()).isEmpty();
    }

    @Test
    void statePagesAreFilteredAndTheCursorStillMovesOn() {
        put("paged:m", "a", "sales");
        put("paged:m", "b", "sales");
        put("paged:m", "c", "eng");
        put("paged:m", "d", "sales");
        put("paged:m", "e", "eng");
        TestClient c = engine.connected("alice");
        SubscribeResult p1 = c.subscribe(mapSub("paged:m", 2).setTf(ENG)).getSubscribe();
        assertThat(p1.getPhase()).isEqualTo(2);
        assertThat(p1.getStateList()).as("a page may be empty after filtering").isEmpty();
        assertThat(p1.getCursor()).isNotEmpty();
        SubscribeResult p2 = c.subscribe(mapSub("paged:m", 2).setCursor(p1.getCursor()).setOffset(p1.getOffset())
                .setEpoch(p1.getEpoch())).getSubscribe();
        assertThat(p2.getStateList()).extracting(Publication::getKey).containsExactly("c");
        SubscribeResult last = c.subscribe(mapSub("paged:m", 2).setCursor(p2.getCursor()).setOffset(p1.getOffset())
                .setEpoch(p1.getEpoch())).getSubscribe();
        assertThat(last.getPhase()).isZero();
        assertThat(last.getStateList()).extracting(Publication::getKey).containsExactly("e");
    }

    @Test
    void recoveryReturnsOnlyMatchingChangesButMovesPastTheOthers() {
        String epoch = put("tagged:m", "a", "eng").position().epoch();
        put("tagged:m", "b", "sales");
        put("tagged:m", "c", "eng");
        TestClient c = engine.connected("alice");
        SubscribeResult r = c.subscribe(mapSub("tagged:m", 1).setRecover(true).setOffset(1).setEpoch(epoch)
                .setTf(ENG)).getSubscribe();
        assertThat(r.getPhase()).isZero();
        assertThat(r.getRecovered()).isTrue();
        assertThat(r.getPublicationsList()).extracting(Publication::getKey).containsExactly("c");
        assertThat(r.getOffset()).isEqualTo(3);
        c.call(Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel("tagged:m")));
        put("tagged:m", "d", "sales");
        SubscribeResult none = c.subscribe(mapSub("tagged:m", 0).setRecover(true).setOffset(3).setEpoch(epoch)
                .setTf(ENG)).getSubscribe();
        assertThat(none.getPublicationsList()).isEmpty();
        assertThat(none.getOffset()).isEqualTo(4);
    }

    @Test
    void streamlessMapsFilterLiveChanges() {
        TestClient c = engine.connected("alice");
        SubscribeResult live = c.subscribe(mapSub("eph:m", 2).setTf(ENG)).getSubscribe();
        assertThat(live.getPhase()).isZero();
        put("eph:m", "s", "sales");
        put("eph:m", "e", "eng");
        assertThat(c.push().getPub().getKey()).isEqualTo("e");
        assertThat(c.remainingPushes()).isEmpty();
    }

    @Test
    void filtersNeedTheNamespaceToAllowThemAndMustBeWellFormed() {
        TestClient c = engine.connected("alice");
        assertThat(c.subscribe(mapSub("plain:m", 2).setTf(ENG)).getError().getCode()).isEqualTo(107);
        assertThat(c.subscribe(mapSub("tagged:m", 2).setTf(FilterNode.newBuilder().setKey("team").setCmp("eq")))
                .getError().getCode()).isEqualTo(107);
        assertThat(c.subscribe(mapSub("tagged:m", 2)).getSubscribe().getPhase())
                .as("without a filter nothing changes").isZero();
    }
}
