package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.project.RecordingTenantEvents;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvent.Kind;
import io.xshathra.testkit.Await;
import io.xshathra.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes (two engines on one embedded Redis) tracking the occupancy of project channels:
 * one {@code channel_occupied} for the first subscriber anywhere, one {@code channel_vacated}
 * when the last one anywhere leaves, a dead node's channels vacated once its heartbeat is older
 * than the node TTL, and registrations restored after Redis restarts.
 */
class RedisOccupancyTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final AtomicInteger SEQ = new AtomicInteger();
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private final MutableClock clock = MutableClock.atFixedInstant();
    private final List<RedisEngine> engines = new ArrayList<>();
    private final List<RedisOccupancy> trackers = new ArrayList<>();
    private final String prefix = "occ" + SEQ.incrementAndGet();

    @AfterEach
    void closeAll() {
        trackers.forEach(RedisOccupancy::close);
        engines.forEach(RedisEngine::close);
    }

    /** A node: its own engine on the shared Redis, its occupancy reporting into {@code events}. */
    private RedisOccupancy node(RecordingTenantEvents events) {
        RedisEngine e = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), prefix)
                .withProbe(Duration.ofMillis(200), Duration.ofMillis(1000)), clock);
        engines.add(e);
        RedisOccupancy o = e.occupancy(events, clock,
                new RedisOccupancy.Settings(TTL, Duration.ofSeconds(5), Duration.ofSeconds(5), false));
        trackers.add(o);
        o.tick();
        return o;
    }

    private static String key(String project, String channel) {
        return ChannelSpace.key(project, channel);
    }

    private long holders(String key) {
        return redis.commands().scard(prefix + ".occupied." + key);
    }

    private static int count(Kind kind, RecordingTenantEvents... nodes) {
        int n = 0;
        for (RecordingTenantEvents r : nodes) {
            n += r.events(kind).size();
        }
        return n;
    }

    @Test
    void theFirstSubscriberAnywhereOccupiesOnceAndTheLastAnywhereVacatesOnce() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RecordingTenantEvents eb = new RecordingTenantEvents().want("P");
        RedisOccupancy a = node(ea);
        RedisOccupancy b = node(eb);
        String k = key("P", "chat:lobby");
        a.firstLocal(k);
        Await.until(() -> count(Kind.CHANNEL_OCCUPIED, ea) == 1, "node a reports the channel occupied");
        b.firstLocal(k);
        Await.until(() -> holders(k) == 2, "both nodes registered");
        a.lastLocal(k);
        Await.until(() -> holders(k) == 1, "a left");
        b.lastLocal(k);
        Await.until(() -> count(Kind.CHANNEL_VACATED, eb) == 1, "node b, the last to leave, reports it vacated");
        Await.quietFor(Duration.ofMillis(300), () -> count(Kind.CHANNEL_OCCUPIED, ea, eb) != 1
                || count(Kind.CHANNEL_VACATED, ea, eb) != 1, "exactly one occupied and one vacated");
        TenantEvent vacated = eb.events(Kind.CHANNEL_VACATED).get(0);
        assertThat(vacated.projectId()).isEqualTo("P");
        assertThat(vacated.channel()).isEqualTo("chat:lobby");
        assertThat(vacated.timeMs()).isEqualTo(clock.millis());
        assertThat(redis.commands().exists(prefix + ".occupied." + k)).isZero();
    }

    @Test
    void theNodeThatEmptiesTheChannelReportsItWhicheverItIs() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RecordingTenantEvents eb = new RecordingTenantEvents().want("P");
        RedisOccupancy a = node(ea);
        RedisOccupancy b = node(eb);
        String k = key("P", "room");
        b.firstLocal(k);
        // Each node talks to Redis on its own connection: b's registration must land first for b
        // to be the one that saw the channel become occupied.
        Await.until(() -> holders(k) == 1, "b registered");
        a.firstLocal(k);
        Await.until(() -> holders(k) == 2, "both nodes registered");
        b.lastLocal(k);
        Await.until(() -> holders(k) == 1, "b left");
        a.lastLocal(k);
        Await.until(() -> count(Kind.CHANNEL_VACATED, ea) == 1, "a reports it vacated");
        assertThat(eb.events(Kind.CHANNEL_OCCUPIED)).hasSize(1);
        assertThat(count(Kind.CHANNEL_VACATED, eb)).isZero();
    }

    @Test
    void aDeadNodesChannelsAreVacatedByAnotherNodeAfterTheTtl() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RecordingTenantEvents eb = new RecordingTenantEvents().want("P");
        RedisOccupancy a = node(ea);
        RedisOccupancy b = node(eb);
        String alone = key("P", "alone");
        String shared = key("P", "shared");
        a.firstLocal(alone);
        a.firstLocal(shared);
        b.firstLocal(shared);
        Await.until(() -> holders(alone) == 1 && holders(shared) == 2, "registered");
        // a dies without cleaning up: its connections go, its tracker never runs again
        trackers.remove(a);
        engines.remove(0).close();
        clock.advance(TTL.minusSeconds(1));
        b.tick();
        assertThat(holders(alone)).as("a's heartbeat has not expired yet").isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        b.tick();
        assertThat(eb.events(Kind.CHANNEL_VACATED)).extracting(TenantEvent::channel).containsExactly("alone");
        assertThat(holders(shared)).isEqualTo(1);
        assertThat(redis.commands().exists(prefix + ".occupancy.node." + a.id())).isZero();
        assertThat(redis.commands().zscore(prefix + ".occupancy.nodes", a.id())).isNull();
        b.tick();
        assertThat(eb.events(Kind.CHANNEL_VACATED)).as("cleaned up once").hasSize(1);
        b.lastLocal(shared);
        Await.until(() -> count(Kind.CHANNEL_VACATED, eb) == 2, "b vacates the shared channel");
    }

    /**
     * Redis loses its script cache (a restart, a failover to a replica that never ran the scripts)
     * and learns the scripts again as they are used. A node whose last subscriber of a channel
     * leaves and whose next one joins at once sends a removal, then an addition; with only the
     * addition's script cached again, a removal sent by digest is answered NOSCRIPT and sent again
     * after the addition ran. The removal must still run first: the channel stays held.
     */
    @Test
    void aLeaveAndAJoinAtOnceKeepTheirOrderWhileRedisRelearnsItsScripts() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        String k = key("P", "rejoined");
        RedisOccupancy a = holdingWhenRedisLosesItsScripts(ea, k);
        String other = key("P", "other");
        a.firstLocal(other);
        Await.until(() -> holders(other) == 1, "the addition's script is cached again");
        bothSentBeforeEitherIsAnswered(() -> {
            a.lastLocal(k);
            a.firstLocal(k);
        });
        Await.until(() -> count(Kind.CHANNEL_OCCUPIED, ea) == 3, "left and joined again");
        assertThat(holders(k)).as("the node holding the channel is registered").isEqualTo(1);
        assertThat(kinds(ea, "rejoined")).containsExactly(Kind.CHANNEL_OCCUPIED, Kind.CHANNEL_VACATED,
                Kind.CHANNEL_OCCUPIED);
    }

    /** As above the other way round: a join and a leave at once, with only the removal's script cached. */
    @Test
    void aJoinAndALeaveAtOnceKeepTheirOrderWhileRedisRelearnsItsScripts() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        String other = key("P", "other");
        RedisOccupancy a = holdingWhenRedisLosesItsScripts(ea, other);
        a.lastLocal(other);
        Await.until(() -> count(Kind.CHANNEL_VACATED, ea) == 1, "the removal's script is cached again");
        String k = key("P", "visited");
        bothSentBeforeEitherIsAnswered(() -> {
            a.firstLocal(k);
            a.lastLocal(k);
        });
        Await.until(() -> count(Kind.CHANNEL_VACATED, ea) == 2, "joined and left again");
        assertThat(holders(k)).as("nobody holds the channel").isZero();
        assertThat(kinds(ea, "visited")).containsExactly(Kind.CHANNEL_OCCUPIED, Kind.CHANNEL_VACATED);
    }

    /** A node that holds {@code key}, registered in a Redis that then empties its script cache. */
    private RedisOccupancy holdingWhenRedisLosesItsScripts(RecordingTenantEvents events, String key) {
        RedisOccupancy o = node(events);
        o.firstLocal(key);
        Await.until(() -> holders(key) == 1, "registered");
        redis.commands().scriptFlush();
        return o;
    }

    private static List<Kind> kinds(RecordingTenantEvents events, String channel) {
        return events.events().stream().filter(e -> e.channel().equals(channel)).map(TenantEvent::kind).toList();
    }

    /** Redis holds every client's commands until the pause ends, so both are sent before the first is answered. */
    private static void bothSentBeforeEitherIsAnswered(Runnable transitions) {
        redis.commands().clientPause(200);
        transitions.run();
    }

    /**
     * A node lists the channels it registered apart from the channels' sets (in a Cluster, on
     * another master), so the listing can fail while the registration works. The next heartbeat
     * lists the channel again; unlisted, it would never be vacated after the node died.
     */
    @Test
    void aChannelWhoseListingFailedIsListedAtTheNextHeartbeat() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RedisOccupancy a = node(ea);
        String index = prefix + ".occupancy.node." + a.id();
        redis.commands().set(index, "not a set, so the listing fails");
        String k = key("P", "listed");
        a.firstLocal(k);
        Await.until(() -> count(Kind.CHANNEL_OCCUPIED, ea) == 1, "registered");
        assertThat(redis.commands().type(index)).isEqualTo("string");
        redis.commands().del(index);
        a.tick();
        assertThat(redis.commands().smembers(index)).containsExactly(k);
        assertThat(ea.events(Kind.CHANNEL_OCCUPIED)).as("registering again reports nothing new").hasSize(1);
    }

    @Test
    void aLiveNodeKeepsItsHeartbeatAndItsChannels() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RecordingTenantEvents eb = new RecordingTenantEvents().want("P");
        RedisOccupancy a = node(ea);
        RedisOccupancy b = node(eb);
        String k = key("P", "kept");
        a.firstLocal(k);
        Await.until(() -> holders(k) == 1, "registered");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            a.tick();
            b.tick();
        }
        assertThat(holders(k)).isEqualTo(1);
        assertThat(count(Kind.CHANNEL_VACATED, ea, eb)).isZero();
    }

    @Test
    void eventsOnlyForProjectsThatWantThemButTrackedForAll() {
        RecordingTenantEvents ea = new RecordingTenantEvents();
        RedisOccupancy a = node(ea);
        String k = key("Q", "c");
        a.firstLocal(k);
        Await.until(() -> holders(k) == 1, "registered although nobody wants the events");
        assertThat(ea.events()).isEmpty();
        ea.want("Q", Kind.CHANNEL_VACATED);
        a.lastLocal(k);
        Await.until(() -> ea.events().size() == 1, "vacated once the project wants it");
        assertThat(ea.events().get(0).kind()).isEqualTo(Kind.CHANNEL_VACATED);
    }

    @Test
    void afterARedisRestartTheHeldChannelsAreRegisteredAgain() {
        RecordingTenantEvents ea = new RecordingTenantEvents().want("P");
        RedisOccupancy a = node(ea);
        String k = key("P", "survivor");
        String gone = key("P", "gone");
        a.firstLocal(k);
        a.firstLocal(gone);
        Await.until(() -> holders(k) == 1 && holders(gone) == 1, "registered");
        redis.stop();
        a.lastLocal(gone);
        redis.restart();
        Await.until(Duration.ofSeconds(20), () -> {
            a.tick();
            return holders(k) == 1 && count(Kind.CHANNEL_VACATED, ea) == 1;
        }, "registered again, and the channel left during the outage vacated");
        assertThat(ea.events(Kind.CHANNEL_OCCUPIED)).extracting(TenantEvent::channel)
                .containsExactly("survivor", "gone", "survivor");
        assertThat(ea.events(Kind.CHANNEL_VACATED)).extracting(TenantEvent::channel).containsExactly("gone");
        a.lastLocal(k);
        Await.until(() -> count(Kind.CHANNEL_VACATED, ea) == 2, "vacated after the restart");
    }
}
