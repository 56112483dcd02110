package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientTuning;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code client.channel_position_max_time_lag}: a stamped publication that reaches the node later
 * than the limit after it was published ends positioned subscriptions with insufficient state
 * (2500, or 3010 for a server-side one) and still reaches the other subscribers.
 */
class PositionTimeLagTest {
    private static final Duration MAX_LAG = Duration.ofSeconds(1);
    private static final ChannelOptions POSITIONED = options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(300);
        b.forcePositioning = true;
        b.permissions = TestEngine.subscribeOnly();
    });
    private static final ChannelOptions UNPOSITIONED = options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(300);
        b.permissions = TestEngine.subscribeOnly();
    });

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TestEngine engine;

    private TestEngine start(Duration maxLag) {
        EngineConfig cfg = TestEngine.config(TestEngine.namespaces("pos", POSITIONED, "plain", UNPOSITIONED),
                c -> TestEngine.client(c, false, false, 300).withTuning(new ClientTuning(0, maxLag)));
        engine = new TestEngine(cfg, new MemoryBroker(clock, null), ProjectAuthority.NONE, clock);
        return engine;
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private static Publication live(int n, StreamPosition at) {
        return TestEngine.pub(n).toBuilder().setOffset(at.offset()).build();
    }

    private static StreamPosition next(StreamPosition top) {
        return new StreamPosition(top.offset() + 1, top.epoch());
    }

    @Test
    void aPublicationLateByMoreThanTheLimitEndsPositionedSubscriptionsOnly() {
        start(MAX_LAG);
        StreamPosition pos = engine.publish("pos:a", 1);
        StreamPosition plain = engine.publish("plain:a", 1);
        TestClient c = engine.connected("42");
        assertThat(c.subscribe("pos:a").getSubscribe().getPositioned()).isTrue();
        assertThat(c.subscribe("plain:a").getSubscribe().getPositioned()).isFalse();

        // exactly at the limit: still in time
        long now = clock.millis();
        engine.node.handlePublication("pos:a", live(2, next(pos)), next(pos), null, now - MAX_LAG.toMillis());
        assertThat(c.push().getPub().getOffset()).isEqualTo(2);

        StreamPosition third = next(next(pos));
        engine.node.handlePublication("pos:a", live(3, third), third, null, now - MAX_LAG.toMillis() - 1);
        Push p = c.push();
        assertThat(p.getChannel()).isEqualTo("pos:a");
        assertThat(p.getUnsubscribe().getCode()).isEqualTo(2500);
        assertThat(p.getUnsubscribe().getReason()).isEqualTo("insufficient state");

        engine.node.handlePublication("plain:a", live(2, next(plain)), next(plain), null, now - 60_000);
        Push delivered = c.push();
        assertThat(delivered.getChannel()).isEqualTo("plain:a");
        assertThat(delivered.getPub().getOffset()).isEqualTo(2);
        assertThat(c.transport.closed).isNotDone();
    }

    @Test
    void theLagIsMeasuredWithTheNodeClock() {
        start(MAX_LAG);
        StreamPosition pos = engine.publish("pos:b", 1);
        TestClient c = engine.connected("42");
        c.subscribe("pos:b");
        long publishedAt = clock.millis();
        clock.advance(Duration.ofMillis(1500));
        engine.node.handlePublication("pos:b", live(2, next(pos)), next(pos), null, publishedAt);
        assertThat(c.push().getUnsubscribe().getCode()).isEqualTo(2500);
    }

    @Test
    void aServerSideSubscriptionIsDisconnectedWith3010() {
        start(MAX_LAG);
        StreamPosition pos = engine.publish("pos:srv", 1);
        TestClient c = engine.newClient();
        Reply connect = c.connect(TestEngine.token(Map.of("sub", "42", "channels", List.of("pos:srv"))));
        assertThat(connect.getConnect().getSubsOrThrow("pos:srv").getPositioned()).isTrue();
        engine.node.handlePublication("pos:srv", live(2, next(pos)), next(pos), null, clock.millis() - 5000);
        Disconnect d = c.awaitClose();
        assertThat(d.code()).isEqualTo(3010);
        assertThat(d.reason()).isEqualTo("insufficient state");
    }

    @Test
    void withoutTheLimitOrWithoutAStampLatePublicationsAreDelivered() {
        start(Duration.ZERO);
        StreamPosition pos = engine.publish("pos:c", 1);
        TestClient c = engine.connected("42");
        c.subscribe("pos:c");
        engine.node.handlePublication("pos:c", live(2, next(pos)), next(pos), null, clock.millis() - 3_600_000);
        assertThat(c.push().getPub().getOffset()).isEqualTo(2);
        engine.close();

        start(MAX_LAG);
        StreamPosition p2 = engine.publish("pos:d", 1);
        TestClient d = engine.connected("42");
        d.subscribe("pos:d");
        engine.node.handlePublication("pos:d", live(2, next(p2)), next(p2), null, 0);
        assertThat(d.push().getPub().getOffset()).as("no publish time: no check").isEqualTo(2);
    }
}
