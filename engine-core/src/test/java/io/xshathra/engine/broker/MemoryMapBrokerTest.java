package io.xshathra.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.config.MapBrokerConfig;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.MapOptions.MapMode;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The contract on the memory map broker, plus its bounds and lifecycle. */
class MemoryMapBrokerTest extends MapBrokerContractTest {

    @Override
    protected MapBroker newBroker(MutableClock clock) {
        return new MemoryMapBroker(clock, null, new MapBrokerConfig("memory", 3, 10));
    }

    @Override
    protected void expire() {
        ((MemoryMapBroker) broker).sweep();
    }

    @Test
    void aChannelHoldsAtMostItsKeyLimit() {
        String ch = channel();
        try (MemoryMapBroker small = new MemoryMapBroker(clock, null, new MapBrokerConfig("memory", 3, 2))) {
            join(small.publish(ch, "a", MapPublishOptions.of(json("1"), null), PERSISTENT));
            join(small.publish(ch, "b", MapPublishOptions.of(json("1"), null), PERSISTENT));
            join(small.publish(ch, "a", MapPublishOptions.of(json("2"), null), PERSISTENT));
            assertThatThrownBy(() -> join(small.publish(ch, "c", MapPublishOptions.of(json("1"), null), PERSISTENT)))
                    .hasCauseInstanceOf(MapLimitException.class);
        }
    }

    @Test
    void theLeastRecentlyUsedChannelIsDroppedBeyondTheLimitWithANewEpoch() {
        String first = channel();
        String epoch = put(first, "a", "1", PERSISTENT).position().epoch();
        for (int i = 0; i < 3; i++) {
            put(channel(), "a", "1", PERSISTENT);
        }
        assertThat(((MemoryMapBroker) broker).channelCount()).isEqualTo(3);
        MapStateResult again = join(broker.readState(first, new MapStateQuery("", 10, null), PERSISTENT));
        assertThat(again.entries()).isEmpty();
        assertThat(again.position().epoch()).isNotEqualTo(epoch);
    }

    @Test
    void anEphemeralChannelGoesWithItsLastKey() {
        String ch = channel();
        put(ch, "a", "1", EPHEMERAL);
        join(broker.remove(ch, "a", null, EPHEMERAL));
        assertThat(((MemoryMapBroker) broker).channelCount()).isZero();
    }

    @Test
    void aStreamPastItsTtlIsDroppedSoOldPositionsNoLongerRecover() {
        String ch = channel();
        MapOptions recoverable = new MapOptions(MapMode.RECOVERABLE, Duration.ofMinutes(30), 0, Duration.ofSeconds(5),
                Duration.ZERO, false, MapOptions.ClientKey.REQUEST, MapOptions.Access.NONE, MapOptions.Paging.DEFAULTS,
                "", "");
        String epoch = put(ch, "a", "1", recoverable).position().epoch();
        put(ch, "b", "1", recoverable);
        clock.advance(Duration.ofSeconds(6));
        assertThatThrownBy(() -> join(broker.readStream(ch, new StreamPosition(1, epoch), -1, recoverable)))
                .hasCauseInstanceOf(UnrecoverablePositionException.class);
        // The position itself is kept: a client at the top still recovers (nothing missed).
        assertThat(join(broker.readStream(ch, new StreamPosition(2, epoch), -1, recoverable)).top())
                .isEqualTo(new StreamPosition(2, epoch));
    }
}
