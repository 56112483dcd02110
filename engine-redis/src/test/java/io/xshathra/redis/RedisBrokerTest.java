package io.xshathra.redis;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.BrokerContractTest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis broker against the same contract as the memory broker. Each test gets its own key
 * prefix; moving the test clock ages that prefix's keys in Redis by the same amount.
 */
class RedisBrokerTest extends BrokerContractTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private RedisEngine engine;
    private String prefix;

    @Override
    protected Broker newBroker(Clock clock) {
        prefix = "t" + PREFIXES.incrementAndGet();
        engine = RedisEngine.start(RedisEngineOptions.standalone(java.util.List.of(redis.address()), prefix), clock);
        return engine.broker();
    }

    @Override
    protected void advance(Duration d) {
        super.advance(d);
        redis.age(prefix + ".", d);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }
}
