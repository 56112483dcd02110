package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ApiRequest;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiResult;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.protocol.proto.Publication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code map_read_state}, {@code map_read_stream}, {@code map_stats} and {@code map_clear} through
 * the executor on a memory node, with the answers the reference server gives for the same calls.
 */
class MapReadApiTest {
    private final TestEngine engine = new TestEngine(TestEngine.config(TestEngine.namespaces(
            "eph", map(MapMode.EPHEMERAL, 0),
            "pers", map(MapMode.PERSISTENT, 0),
            "small", map(MapMode.PERSISTENT, 2),
            "stream", TestEngine.options(b -> b.permissions = TestEngine.subscribeOnly())), c -> c));
    private final ApiExecutor api = new ApiExecutor(engine.node.api());

    private static ChannelOptions map(MapMode mode, int streamSize) {
        MapOptions m = new MapOptions(mode, mode == MapMode.EPHEMERAL ? Duration.ofMinutes(1) : Duration.ZERO,
                streamSize, Duration.ZERO, Duration.ZERO, false, MapOptions.ClientKey.REQUEST,
                new MapOptions.Access(true, false, false, true, false, false), MapOptions.Paging.DEFAULTS, "", "");
        return TestEngine.options(b -> {
            b.permissions = TestEngine.subscribeOnly();
            b.subscriptionType = SubscriptionType.MAP;
            b.map = m;
        });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private ApiResult run(ApiRequest r) {
        return api.execute(r).toCompletableFuture().join();
    }

    private void put(String channel, String key, String json) {
        ApiResult r = run(new ApiRequests.MapPublish(channel, key, json.getBytes(StandardCharsets.UTF_8),
                Map.of("t", key), null, false, 0, "", ""));
        assertThat(r.error()).isNull();
    }

    private ApiResult.MapEntries state(String channel, String cursor, int limit, String key, long revOffset,
                                       String revEpoch) {
        return (ApiResult.MapEntries) run(new ApiRequests.MapReadState(channel, cursor, limit, key, revOffset, revEpoch));
    }

    private ApiResult.MapEntries stream(String channel, long since, String epoch, int limit, boolean reverse) {
        return (ApiResult.MapEntries) run(new ApiRequests.MapReadStream(channel, since, epoch, limit, reverse));
    }

    private static List<String> keys(ApiResult.MapEntries m) {
        return m.entries().stream().map(Publication::getKey).toList();
    }

    @Test
    void stateIsPagedByKeyWithACursorAndALimitOfZeroReadsThePositionAlone() {
        put("pers:a", "k1", "{\"x\":1}");
        put("pers:a", "k2", "{\"x\":2}");
        put("pers:a", "k0", "{\"x\":0}");

        ApiResult.MapEntries all = state("pers:a", "", -1, "", 0, "");
        assertThat(keys(all)).containsExactly("k0", "k1", "k2");
        assertThat(all.entries().get(1).getOffset()).isEqualTo(1);
        assertThat(all.entries().get(1).getTagsMap()).containsEntry("t", "k1");
        assertThat(all.entries()).allMatch(p -> p.getTime() > 0);
        assertThat(all.position().offset()).isEqualTo(3);
        assertThat(all.cursor()).isEmpty();

        ApiResult.MapEntries first = state("pers:a", "", 2, "", 0, "");
        assertThat(keys(first)).containsExactly("k0", "k1");
        assertThat(first.cursor()).isEqualTo("k1");
        ApiResult.MapEntries second = state("pers:a", first.cursor(), 2, "", 0, "");
        assertThat(keys(second)).containsExactly("k2");
        assertThat(second.cursor()).isEmpty();

        ApiResult.MapEntries none = state("pers:a", "", 0, "", 0, "");
        assertThat(none.entries()).isEmpty();
        assertThat(none.position()).isEqualTo(all.position());

        assertThat(keys(state("pers:a", "", 0, "k2", 0, ""))).containsExactly("k2");
        assertThat(state("pers:a", "", -1, "nokey", 0, "").entries()).isEmpty();
    }

    @Test
    void aRevisionOfAnotherEpochIsUnrecoverable() {
        put("pers:r", "k", "1");
        String epoch = state("pers:r", "", -1, "", 0, "").position().epoch();
        assertThat(keys(state("pers:r", "", 1, "", 1, epoch))).containsExactly("k");
        assertThat(run(new ApiRequests.MapReadState("pers:r", "", 1, "", 0, "other")).error())
                .isEqualTo(ApiError.UNRECOVERABLE_POSITION);
        // An offset without an epoch names the empty epoch, which is never the channel's.
        assertThat(run(new ApiRequests.MapReadState("pers:r", "", 1, "", 1, "")).error())
                .isEqualTo(ApiError.UNRECOVERABLE_POSITION);
    }

    @Test
    void theStreamReadsForwardAfterAPositionOrBackwardBeforeIt() {
        for (String k : List.of("a", "b", "c", "d")) {
            put("small:t", k, "\"s\"");
        }
        put("pers:s", "a", "1");
        put("pers:s", "b", "2");
        run(new ApiRequests.MapRemove("pers:s", "b", null));
        ApiResult.MapEntries all = stream("pers:s", 0, "", -1, false);
        assertThat(all.entries()).extracting(Publication::getOffset).containsExactly(1L, 2L, 3L);
        assertThat(all.entries().get(2).getRemoved()).isTrue();
        assertThat(stream("pers:s", 0, "", 0, false).entries()).isEmpty();
        assertThat(stream("pers:s", 1, "", -1, false).entries()).extracting(Publication::getOffset)
                .containsExactly(2L, 3L);
        assertThat(stream("pers:s", 0, "", 2, true).entries()).extracting(Publication::getOffset)
                .containsExactly(3L, 2L);
        assertThat(stream("pers:s", 3, "", -1, true).entries()).extracting(Publication::getOffset)
                .containsExactly(2L, 1L);

        // The stream of "small" keeps 2 changes: reading after offset 1 lost offset 2.
        assertThat(keys(stream("small:t", 0, "", -1, false))).containsExactly("c", "d");
        assertThat(run(new ApiRequests.MapReadStream("small:t", 1, "", -1, false)).error())
                .isEqualTo(ApiError.UNRECOVERABLE_POSITION);
        assertThat(keys(stream("small:t", 2, "", -1, false))).containsExactly("c", "d");
        assertThat(run(new ApiRequests.MapReadStream("small:t", 2, "xx", -1, false)).error())
                .isEqualTo(ApiError.UNRECOVERABLE_POSITION);
    }

    @Test
    void statsCountTheKeysAndClearStartsANewEpoch() {
        put("eph:b", "k1", "1");
        put("eph:b", "k2", "2");
        assertThat(((ApiResult.MapCount) run(new ApiRequests.MapStats("eph:b"))).numKeys()).isEqualTo(2);
        assertThat(((ApiResult.MapCount) run(new ApiRequests.MapStats("eph:none"))).numKeys()).isZero();
        put("pers:c", "k", "1");
        String before = state("pers:c", "", -1, "", 0, "").position().epoch();

        assertThat(run(new ApiRequests.MapClear("eph:b"))).isEqualTo(ApiResult.EMPTY);
        assertThat(run(new ApiRequests.MapClear("pers:c"))).isEqualTo(ApiResult.EMPTY);

        assertThat(((ApiResult.MapCount) run(new ApiRequests.MapStats("eph:b"))).numKeys()).isZero();
        ApiResult.MapEntries after = state("pers:c", "", -1, "", 0, "");
        assertThat(after.entries()).isEmpty();
        assertThat(after.position().offset()).isZero();
        assertThat(after.position().epoch()).isNotEqualTo(before);
    }

    @Test
    void errorsMatchTheMapWrites() {
        for (ApiRequest r : List.of(new ApiRequests.MapReadState("", "", 0, "", 0, ""),
                new ApiRequests.MapReadStream("stream:x", 0, "", 0, false), new ApiRequests.MapStats("stream:x"),
                new ApiRequests.MapClear(""))) {
            assertThat(run(r).error()).as(r.method()).isEqualTo(ApiError.BAD_REQUEST);
        }
        for (ApiRequest r : List.of(new ApiRequests.MapReadState("nons:x", "", 0, "", 0, ""),
                new ApiRequests.MapReadStream("nons:x", 0, "", 0, false), new ApiRequests.MapStats("nons:x"),
                new ApiRequests.MapClear("nons:x"))) {
            assertThat(run(r).error()).as(r.method()).isEqualTo(ApiError.UNKNOWN_CHANNEL);
        }
    }

    @Test
    void aBatchAnswersMapReadsInOrder() {
        put("pers:b", "k", "1");
        ApiResult.Replies replies = (ApiResult.Replies) run(new ApiRequests.Batch(List.of(
                new ApiRequests.MapStats("pers:b"), new ApiRequests.MapReadState("pers:b", "", -1, "", 0, ""))));
        assertThat(replies.replies()).extracting(ApiResult.Reply::method).containsExactly("map_stats", "map_read_state");
        assertThat(((ApiResult.MapCount) replies.replies().get(0).result()).numKeys()).isEqualTo(1);
    }
}
