package io.xshathra.redis;

import io.xshathra.engine.broker.MapBroker;
import io.xshathra.engine.broker.MapBrokerContractTest;
import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.testkit.MutableClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.xshathra.engine.broker.MapStateQuery;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis map broker against the same contract as the memory one. Each test gets its own key
 * prefix; changes reach the handler through Redis Pub/Sub, so every channel is subscribed first.
 */
class RedisMapBrokerTest extends MapBrokerContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private RedisEngine engine;
    private String prefix;

    @Override
    protected MapBroker newBroker(MutableClock clock) {
        prefix = "m" + PREFIXES.incrementAndGet();
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

    @Test
    void metadataOfMapsNobodyWritesToDoesNotStayInRedis() {
        String ch = channel();
        String meta = prefix + ".map.meta." + ch;
        join(broker.readState(ch, new MapStateQuery("", 10, null), PERSISTENT));
        assertThat(redis.commands().ttl(meta)).as("created by a read").isBetween(1L, 600L);
        put(ch, "a", "1", PERSISTENT);
        assertThat(redis.commands().ttl(meta)).as("a persistent map written to").isEqualTo(-1L);
        String eph = channel();
        put(eph, "a", "1", EPHEMERAL);
        assertThat(redis.commands().ttl(prefix + ".map.meta." + eph)).as("as long as the keys").isBetween(1L, 10L);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }
}
