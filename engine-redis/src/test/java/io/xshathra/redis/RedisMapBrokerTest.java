package io.xshathra.redis;

import io.xshathra.engine.broker.MapBroker;
import io.xshathra.engine.broker.MapBrokerContractTest;
import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.testkit.MutableClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Redis map broker against the same contract as the memory one. Each test gets its own key
 * prefix; changes reach the handler through Redis Pub/Sub, so every channel is subscribed first.
 */
class RedisMapBrokerTest extends MapBrokerContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static EmbeddedRedis redis;
    private RedisEngine engine;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected MapBroker newBroker(MutableClock clock) {
        String prefix = "m" + PREFIXES.incrementAndGet();
        engine = RedisEngine.start(RedisEngineOptions.standalone(java.util.List.of(redis.address()), prefix), clock);
        return engine.mapBroker(null, clock, MapBrokerConfig.NONE);
    }

    @Override
    protected void expire() {
        ((RedisMapBroker) broker).sweep();
    }

    @Override
    protected String channel() {
        String ch = super.channel();
        broker.subscribe(ch).toCompletableFuture().join();
        return ch;
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }
}
