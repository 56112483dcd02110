package io.xshathra.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The memory broker against the broker contract, with lazy expiry and with the background sweep. */
class MemoryBrokerTest extends BrokerContractTest {

    @Override
    protected Broker newBroker(Clock clock) {
        return new MemoryBroker(clock, null);
    }

    /** The same contract when the sweep runs after every clock move. */
    @Nested
    class WithSweep extends BrokerContractTest {
        @Override
        protected Broker newBroker(Clock clock) {
            return new MemoryBroker(clock, null);
        }

        @Override
        protected void afterTimeAdvanced(Broker broker) {
            ((MemoryBroker) broker).sweep();
        }
    }

    @Test
    void sweepDropsExpiredDataKeepingTheTop() {
        PublishOptions o = new PublishOptions(10, Duration.ofSeconds(10), META_TTL, null);
        String epoch = publish(1, o).epoch();
        clock.advance(Duration.ofSeconds(11));
        ((MemoryBroker) broker).sweep();
        HistoryResult r = history(null, -1, false);
        assertThat(r.publications()).isEmpty();
        assertThat(r.top()).isEqualTo(new StreamPosition(1, epoch));
    }

    @Test
    void idempotencyTtlIsFiveMinutes() {
        assertThat(MemoryBroker.IDEMPOTENCY_TTL).isEqualTo(Duration.ofMinutes(5));
    }
}
