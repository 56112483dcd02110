package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.MapPublishOptions;
import io.xshathra.engine.broker.MapStateQuery;
import io.xshathra.engine.broker.RecordingHandler;
import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code map_broker.redis} tuning keys against a real Redis: the expiry worker's interval
 * and batch size, the lifetime of idempotency results, and {@code skip_pub_sub}.
 */
class RedisMapBrokerTuningTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final MapOptions RECOVERABLE = map(MapMode.RECOVERABLE, Duration.ofSeconds(10));
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private final MutableClock clock = MutableClock.atFixedInstant();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private RedisEngine engine;
    private String prefix;

    @BeforeEach
    void startEngine() {
        prefix = "t" + PREFIXES.incrementAndGet();
        engine = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), prefix), clock);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        engine.close();
    }

    private static MapOptions map(MapMode mode, Duration keyTtl) {
        MapOptions n = MapOptions.NONE;
        return new MapOptions(mode, keyTtl, 0, Duration.ZERO, Duration.ZERO, false, n.clientKey(), n.access(),
                n.paging(), "", "");
    }

    private static MapBrokerConfig tuning(Duration interval, int batch, Duration resultTtl, boolean skip) {
        return new MapBrokerConfig("redis", 100, 100_000, interval, batch, resultTtl, skip);
    }

    /** Milliseconds until the scheduled worker first runs. */
    private long firstRunIn() {
        return ((java.util.concurrent.Delayed) scheduler.getQueue().peek())
                .getDelay(java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static <T> T join(CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    private static void put(RedisMapBroker b, String ch, String key, MapOptions map) {
        join(b.publish(ch, key, MapPublishOptions.of(ByteString.copyFromUtf8("{}"), null), map));
    }

    @Test
    void theWorkerRunsAtTheConfiguredInterval() {
        RedisMapBroker b = engine.mapBroker(scheduler, clock, tuning(Duration.ofMillis(20), 100,
                MapBrokerConfig.DEFAULT_IDEMPOTENT_RESULT_TTL, false));
        assertThat(firstRunIn()).isBetween(0L, 20L);
        put(b, "room", "a", RECOVERABLE);
        clock.advance(Duration.ofSeconds(11));
        Await.until(() -> join(b.stats("room", RECOVERABLE)) == 0, "the worker removed the expired key");
        b.close();
    }

    @Test
    void aNegativeIntervalSchedulesNoWorker() {
        RedisMapBroker off = engine.mapBroker(scheduler, clock, tuning(Duration.ofNanos(-1), 100,
                MapBrokerConfig.DEFAULT_IDEMPOTENT_RESULT_TTL, false));
        assertThat(scheduler.getQueue()).as("nothing scheduled").isEmpty();
        off.close();
        RedisMapBroker on = engine.mapBroker(scheduler, clock, MapBrokerConfig.NONE);
        assertThat(scheduler.getQueue()).as("the default worker").hasSize(1);
        assertThat(firstRunIn()).as("every second by default").isBetween(900L, 1000L);
        on.close();
    }

    @Test
    void eachRunRemovesAtMostTenBatchesPerChannel() {
        RedisMapBroker b = engine.mapBroker(null, clock, tuning(MapBrokerConfig.DEFAULT_CLEANUP_INTERVAL, 2,
                MapBrokerConfig.DEFAULT_IDEMPOTENT_RESULT_TTL, false));
        for (int i = 0; i < 25; i++) {
            put(b, "room", "k" + i, RECOVERABLE);
        }
        clock.advance(Duration.ofSeconds(11));
        b.sweep();
        assertThat(streamLength(b)).as("25 writes, 10 batches of 2 removals").isEqualTo(45);
        b.sweep();
        assertThat(streamLength(b)).as("the last 5 removals").isEqualTo(50);
        b.sweep();
        assertThat(streamLength(b)).as("nothing left to remove").isEqualTo(50);
    }

    private static int streamLength(RedisMapBroker b) {
        HistoryResult h = join(b.readStream("room", null, 100, RECOVERABLE));
        return h.publications().size();
    }

    @Test
    void idempotencyResultsLiveTheConfiguredTime() {
        RedisMapBroker b = engine.mapBroker(null, clock, tuning(MapBrokerConfig.DEFAULT_CLEANUP_INTERVAL, 100,
                Duration.ofMillis(1500), false));
        MapPublishOptions o = new MapPublishOptions(ByteString.copyFromUtf8("{}"), java.util.Map.of(), null, "i1",
                io.xshathra.engine.broker.MapKeyMode.REPLACE, false, 0, "", false);
        assertThat(join(b.publish("room", "a", o, RECOVERABLE)).suppressed()).isFalse();
        assertThat(join(b.publish("room", "a", o, RECOVERABLE)).suppressed()).as("the same key again").isTrue();
        String result = new String(engine.keys().mapResult("room", "i1"), StandardCharsets.UTF_8);
        assertThat(redis.commands().pttl(result)).isBetween(1L, 1500L);

        RedisMapBroker d = engine.mapBroker(null, clock, MapBrokerConfig.NONE);
        join(d.publish("other", "a", o, RECOVERABLE));
        String other = new String(engine.keys().mapResult("other", "i1"), StandardCharsets.UTF_8);
        assertThat(redis.commands().pttl(other)).as("five minutes by default").isBetween(290_000L, 300_000L);
    }

    @Test
    void skipPubSubStoresChangesButPublishesNothing() throws Exception {
        RedisMapBroker quiet = engine.mapBroker(null, clock, tuning(MapBrokerConfig.DEFAULT_CLEANUP_INTERVAL, 100,
                MapBrokerConfig.DEFAULT_IDEMPOTENT_RESULT_TTL, true));
        RedisMapBroker loud = engine.mapBroker(null, clock, MapBrokerConfig.NONE);
        RecordingHandler handler = new RecordingHandler();
        loud.setEventHandler(handler);
        join(loud.subscribe("room"));
        assertThatThrownBy(() -> join(quiet.subscribe("room"))).hasMessageContaining("skip_pub_sub");

        put(quiet, "room", "a", RECOVERABLE);
        join(quiet.remove("room", "a", "", null, RECOVERABLE));
        put(quiet, "room", "b", RECOVERABLE);
        clock.advance(Duration.ofSeconds(11));
        quiet.sweep();
        assertThat(join(quiet.stats("room", RECOVERABLE))).as("b expired").isZero();
        assertThat(join(quiet.readStream("room", null, 100, RECOVERABLE)).publications())
                .as("write, removal, write, expiry in the stream").hasSize(4);

        put(loud, "room", "c", RECOVERABLE);
        RecordingHandler.Event first = handler.take(1).get(0);
        assertThat(first.publication().getKey()).as("the first change anyone published").isEqualTo("c");
        assertThat(first.position().offset()).isEqualTo(5);
        assertThat(join(loud.readState("room", new MapStateQuery("", 10, null), RECOVERABLE)).entries())
                .hasSize(1);
    }
}
