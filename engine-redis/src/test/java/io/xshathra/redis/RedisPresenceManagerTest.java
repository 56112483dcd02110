package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.presence.PresenceManager;
import io.xshathra.engine.presence.PresenceManagerContractTest;
import io.xshathra.engine.presence.PresenceStats;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis presence manager against the presence contract, plus its TTL. */
class RedisPresenceManagerTest extends PresenceManagerContractTest {
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private final MutableClock clock = MutableClock.atFixedInstant();
    private RedisEngine engine;

    @Override
    protected PresenceManager newPresenceManager() {
        engine = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), "pt")
                .withPresenceTtl(Duration.ofSeconds(60)), clock);
        return engine.presence();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void entriesNotRefreshedWithinTheTtlExpire() {
        join(presence.add(ch, "c1", info("1", "c1")));
        join(presence.add(ch, "c2", info("2", "c2")));
        clock.advance(Duration.ofSeconds(40));
        join(presence.add(ch, "c2", info("2", "c2"))); // c2's node is alive and refreshes it
        clock.advance(Duration.ofSeconds(21));
        assertThat(join(presence.presence(ch))).containsOnlyKeys("c2");
        assertThat(join(presence.stats(ch))).isEqualTo(new PresenceStats(1, 1));
        clock.advance(Duration.ofSeconds(40));
        assertThat(join(presence.presence(ch))).isEmpty();
    }

    @Test
    void twoNodesShareOnePresence() {
        RedisEngine other = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), "pt"), clock);
        try {
            join(presence.add(ch, "c1", info("1", "c1")));
            join(other.presence().add(ch, "c2", info("2", "c2")));
            assertThat(join(other.presence().presence(ch))).containsOnlyKeys("c1", "c2");
            join(other.presence().remove(ch, "c1"));
            assertThat(join(presence.presence(ch))).containsOnlyKeys("c2");
        } finally {
            other.close();
        }
    }
}
