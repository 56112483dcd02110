package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscribe-time positioning and recovery (spec 7.3) and live position tracking (7.4), through a
 * real {@link ClientSession} on a real event loop with a fake transport.
 */
class SubscribeRecoveryTest {
    private static final int HISTORY_SIZE = 5;
    private static final ChannelOptions CHAT = options(b -> {
        b.historySize = HISTORY_SIZE;
        b.historyTtl = Duration.ofSeconds(300);
        b.forceRecovery = true;
        b.permissions = TestEngine.subscribeOnly();
    });
    private static final ChannelOptions POSITIONED = options(b -> {
        b.historySize = HISTORY_SIZE;
        b.historyTtl = Duration.ofSeconds(300);
        b.forcePositioning = true;
        b.permissions = TestEngine.subscribeOnly();
    });
    private static final ChannelOptions CACHE = options(b -> {
        b.historySize = HISTORY_SIZE;
        b.historyTtl = Duration.ofSeconds(300);
        b.forceRecovery = true;
        b.recoveryMode = ChannelOptions.RecoveryMode.CACHE;
        b.permissions = TestEngine.subscribeOnly();
    });
    private static final ChannelOptions PLAIN = options(b -> b.permissions = TestEngine.subscribeOnly());

    private TestEngine engine;

    private static EngineConfig config(int recoveryLimit) {
        return TestEngine.config(TestEngine.namespaces("chat", CHAT, "pos", POSITIONED, "plain", PLAIN, "cache", CACHE),
                c -> TestEngine.client(c, false, false, recoveryLimit));
    }

    @BeforeEach
    void start() {
        engine = new TestEngine(config(300));
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private StreamPosition publishN(String channel, int count) {
        StreamPosition last = null;
        for (int i = 1; i <= count; i++) {
            last = engine.publish(channel, i);
        }
        return last;
    }

    private static SubscribeRequest.Builder recover(String channel, long offset, String epoch) {
        return SubscribeRequest.newBuilder().setChannel(channel).setRecover(true).setOffset(offset).setEpoch(epoch);
    }

    private static List<Long> offsets(List<Publication> pubs) {
        return pubs.stream().map(Publication::getOffset).toList();
    }

    private static Publication live(int n, StreamPosition at) {
        return TestEngine.pub(n).toBuilder().setOffset(at.offset()).build();
    }

    // ------------------------------------------------------------------ recovery outcomes

    @Test
    void recoveredWhenNothingWasMissed() {
        StreamPosition top = publishN("chat:a", 3);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("chat:a", 3, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(r.getPublicationsList()).isEmpty();
        assertThat(r.getOffset()).isEqualTo(3);
        assertThat(r.getEpoch()).isEqualTo(top.epoch());
        assertThat(r.getWasRecovering()).isTrue();
        assertThat(r.getPositioned()).isTrue();
        assertThat(r.getRecoverable()).isTrue();

        engine.publish("chat:a", 4);
        assertThat(c.push().getPub().getOffset()).isEqualTo(4);
    }

    @Test
    void recoveredWithMissedPublicationsInOrderAndTheClientsOffset() {
        StreamPosition top = publishN("chat:a", 4);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("chat:a", 1, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(offsets(r.getPublicationsList())).containsExactly(2L, 3L, 4L);
        assertThat(r.getPublicationsList()).extracting(p -> p.getData().toStringUtf8())
                .containsExactly("{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        assertThat(r.getOffset()).as("the client's old offset; it advances while applying").isEqualTo(1);
        assertThat(r.getEpoch()).isEqualTo(top.epoch());

        engine.publish("chat:a", 5);
        Push p = c.push();
        assertThat(p.getChannel()).isEqualTo("chat:a");
        assertThat(p.getPub().getOffset()).isEqualTo(5);
        assertThat(c.remainingPushes()).isEmpty();
    }

    @Test
    void recoveredRightAtTheEdgeOfTheRetainedHistory() {
        StreamPosition top = publishN("chat:a", 8); // 4..8 retained
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("chat:a", 3, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(offsets(r.getPublicationsList())).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void notRecoveredWhenTheGapIsLargerThanTheHistory() {
        StreamPosition top = publishN("chat:a", 8); // 4..8 retained, 3 is lost
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("chat:a", 2, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getPublicationsList()).isEmpty();
        assertThat(r.getOffset()).isEqualTo(8);
        assertThat(r.getEpoch()).isEqualTo(top.epoch());
        assertThat(r.getWasRecovering()).isTrue();

        engine.publish("chat:a", 9);
        assertThat(c.push().getPub().getOffset()).as("tracks from the top").isEqualTo(9);
    }

    @Test
    void notRecoveredWhenMoreThanTheRecoveryLimitWasMissed() {
        engine.close();
        engine = new TestEngine(config(2));
        StreamPosition top = publishN("chat:a", 4);
        TestClient c = engine.connected("42");
        SubscribeResult tooMany = c.subscribe(recover("chat:a", 1, top.epoch())).getSubscribe();
        assertThat(tooMany.getRecovered()).isFalse();
        assertThat(tooMany.getPublicationsList()).isEmpty();
        assertThat(tooMany.getOffset()).isEqualTo(4);

        TestClient d = engine.connected("43");
        SubscribeResult exactly = d.subscribe(recover("chat:a", 2, top.epoch())).getSubscribe();
        assertThat(exactly.getRecovered()).isTrue();
        assertThat(offsets(exactly.getPublicationsList())).containsExactly(3L, 4L);
    }

    @Test
    void epochMismatchIsNotRecoveredAndReportsTheCurrentEpoch() {
        StreamPosition top = publishN("chat:a", 3);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("chat:a", 2, "Otherepo")).getSubscribe();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getPublicationsList()).isEmpty();
        assertThat(r.getEpoch()).isEqualTo(top.epoch());
        assertThat(r.getOffset()).isEqualTo(3);
        assertThat(r.getWasRecovering()).isTrue();
    }

    @Test
    void clientAheadOfTheStreamIsNotRecovered() {
        StreamPosition top = publishN("chat:a", 3);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("chat:a", 10, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getOffset()).isEqualTo(3);
    }

    @Test
    void rejectUnrecoveredFlagAnswers112AndLeavesTheClientUnsubscribed() {
        StreamPosition top = publishN("chat:a", 8);
        TestClient c = engine.connected("42");
        Reply epochChanged = c.subscribe(recover("chat:a", 2, "Otherepo").setFlag(2));
        assertThat(epochChanged.getError().getCode()).isEqualTo(112);
        assertThat(epochChanged.getError().getMessage()).isEqualTo("unrecoverable position");
        Reply gap = c.subscribe(recover("chat:a", 1, top.epoch()).setFlag(2));
        assertThat(gap.getError().getCode()).isEqualTo(112);

        Reply ok = c.subscribe(recover("chat:a", 6, top.epoch()).setFlag(2));
        assertThat(ok.hasError()).as("not left subscribed by the rejected attempts").isFalse();
        assertThat(ok.getSubscribe().getRecovered()).isTrue();
        assertThat(offsets(ok.getSubscribe().getPublicationsList())).containsExactly(7L, 8L);
    }

    @Test
    void wasRecoveringIsSetEvenWhenTheNamespaceHasNoRecovery() {
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("plain:a", 5, "Someepoc")).getSubscribe();
        assertThat(r.getWasRecovering()).isTrue();
        assertThat(r.getRecoverable()).isFalse();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getPositioned()).isFalse();
        assertThat(r.getEpoch()).isEmpty();
        assertThat(r.getPublicationsList()).isEmpty();
    }

    @Test
    void positionedWithoutRecoveryReportsTheTop() {
        StreamPosition top = publishN("pos:a", 2);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("pos:a", 1, top.epoch())).getSubscribe();
        assertThat(r.getPositioned()).isTrue();
        assertThat(r.getRecoverable()).isFalse();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getPublicationsList()).isEmpty();
        assertThat(r.getOffset()).isEqualTo(2);
        assertThat(r.getEpoch()).isEqualTo(top.epoch());
        assertThat(r.getWasRecovering()).isTrue();
    }

    // ------------------------------------------------------------------ live position tracking

    @Test
    void liveGapUnsubscribesWithInsufficientState() {
        StreamPosition top = publishN("chat:g", 3);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe("chat:g").getSubscribe();
        assertThat(r.getOffset()).isEqualTo(3);

        StreamPosition skipped = new StreamPosition(top.offset() + 2, top.epoch());
        engine.node.handlePublication("chat:g", live(5, skipped), skipped);
        Push p = c.push();
        assertThat(p.getChannel()).isEqualTo("chat:g");
        assertThat(p.hasUnsubscribe()).isTrue();
        assertThat(p.getUnsubscribe().getCode()).isEqualTo(2500);
        assertThat(p.getUnsubscribe().getReason()).isEqualTo("insufficient state");
        assertThat(c.transport.closed).isNotDone();

        engine.publish("chat:g", 4);
        assertThat(c.remainingPushes()).as("no longer subscribed").isEmpty();
        assertThat(c.subscribe("chat:g").hasError()).as("can resubscribe").isFalse();
    }

    @Test
    void aBrokerInterruptionMakesSubscribersCheckTheirPositionAtOnce() {
        publishN("chat:i", 3);
        TestClient c = engine.connected("42");
        c.subscribe("chat:i");
        engine.broker.setEventHandler(null); // the next publication is stored but never delivered
        engine.publish("chat:i", 4);
        engine.broker.setEventHandler(engine.node);
        assertThat(c.remainingPushes()).isEmpty();
        engine.node.handleInterruption();
        assertThat(c.push().getUnsubscribe().getCode()).isEqualTo(2500);
    }

    @Test
    void liveGapRightAfterSubscribingToAnEmptyStream() {
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe("chat:empty").getSubscribe();
        assertThat(r.getOffset()).isZero();
        StreamPosition skipped = new StreamPosition(2, r.getEpoch());
        engine.node.handlePublication("chat:empty", live(2, skipped), skipped);
        Push p = c.push();
        assertThat(p.getUnsubscribe().getCode()).as("offset 1 was never seen").isEqualTo(2500);
    }

    @Test
    void liveEpochChangeUnsubscribesWithInsufficientState() {
        StreamPosition top = publishN("chat:g", 3);
        TestClient c = engine.connected("42");
        c.subscribe("chat:g");
        StreamPosition otherEpoch = new StreamPosition(top.offset() + 1, "Newepoch");
        engine.node.handlePublication("chat:g", live(4, otherEpoch), otherEpoch);
        assertThat(c.push().getUnsubscribe().getCode()).isEqualTo(2500);
    }

    @Test
    void lateAndDuplicatePublicationsAreSkippedSilently() {
        StreamPosition top = publishN("chat:g", 3);
        TestClient c = engine.connected("42");
        c.subscribe("chat:g");
        StreamPosition old = new StreamPosition(2, top.epoch());
        engine.node.handlePublication("chat:g", live(2, old), old);
        engine.node.handlePublication("chat:g", live(3, top), top);
        engine.publish("chat:g", 4);
        engine.node.handlePublication("chat:g", live(4, new StreamPosition(4, top.epoch())),
                new StreamPosition(4, top.epoch()));
        List<Push> pushes = c.remainingPushes();
        assertThat(pushes).extracting(p -> p.getPub().getOffset()).containsExactly(4L);
    }

    @Test
    void liveGapOnAServerSideSubscriptionDisconnectsWith3010() {
        StreamPosition top = publishN("chat:srv", 3);
        TestClient c = engine.newClient();
        Reply connect = c.connect(TestEngine.token(Map.of("sub", "42", "channels", List.of("chat:srv"))));
        SubscribeResult sub = connect.getConnect().getSubsOrThrow("chat:srv");
        assertThat(sub.getPositioned()).isTrue();
        assertThat(sub.getOffset()).isEqualTo(3);

        StreamPosition skipped = new StreamPosition(top.offset() + 2, top.epoch());
        engine.node.handlePublication("chat:srv", live(5, skipped), skipped);
        Disconnect d = c.awaitClose();
        assertThat(d.code()).isEqualTo(3010);
        assertThat(d.reason()).isEqualTo("insufficient state");
    }

    @Test
    void publicationsWithoutOffsetBypassPositionChecks() {
        publishN("chat:g", 3);
        TestClient c = engine.connected("42");
        c.subscribe("chat:g");
        engine.node.handlePublication("chat:g", TestEngine.pub(99), StreamPosition.NONE);
        assertThat(c.push().getPub().getData().toStringUtf8()).isEqualTo("{\"n\":99}");
    }

    // ------------------------------------------------------------------ cache recovery mode

    @Test
    void cacheModeReturnsOnlyTheLatestPublication() {
        StreamPosition top = publishN("cache:a", 4);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("cache:a", 1, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(offsets(r.getPublicationsList())).containsExactly(4L);
    }

    @Test
    void cacheModeSendsNothingWhenTheClientIsAtTheTop() {
        StreamPosition top = publishN("cache:b", 3);
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("cache:b", 3, top.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(r.getPublicationsList()).isEmpty();
    }

    @Test
    void cacheModeWithAnEmptyStreamIsNotRecoveredForANewClient() {
        TestClient c = engine.connected("42");
        SubscribeResult r = c.subscribe(recover("cache:c", 0, "")).getSubscribe();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getWasRecovering()).isTrue();
    }

    // ------------------------------------------------------------------ concurrent publications

    @Test
    void publicationsDuringRecoveryAreNeitherLostNorDuplicated() throws Exception {
        GatedBroker gated = new GatedBroker(new MemoryBroker(Clock.systemUTC(), null));
        engine.close();
        engine = new TestEngine(config(300), gated);
        StreamPosition top = publishN("chat:r", 2);
        TestClient c = engine.connected("42");

        gated.hold = true;
        int id = c.sendAsync(io.xshathra.protocol.proto.Command.newBuilder()
                .setSubscribe(recover("chat:r", 1, top.epoch())));
        GatedBroker.PendingRead read = gated.nextRead(); // registered in the hub by now
        engine.publish("chat:r", 3);                       // buffered, also in the read below
        c.barrier();
        HistoryResult seen = read.readNow();
        engine.publish("chat:r", 4);                       // buffered, after the read
        c.barrier();
        read.result().complete(seen);

        Reply reply = c.nextWritten();
        assertThat(reply.getId()).isEqualTo(id);
        SubscribeResult r = reply.getSubscribe();
        assertThat(r.getRecovered()).isTrue();
        assertThat(offsets(r.getPublicationsList()))
                .as("spec 7.3 step 7: buffered publications join the recovered ones in the reply")
                .containsExactly(2L, 3L, 4L);
        assertThat(r.getOffset()).isEqualTo(1);
        assertThat(c.remainingPushes()).isEmpty();

        gated.hold = false;
        engine.publish("chat:r", 5);
        assertThat(c.push().getPub().getOffset()).isEqualTo(5);
    }

    @Test
    void publicationsDuringAPositionedSubscribeStartAfterTheReportedTop() throws Exception {
        GatedBroker gated = new GatedBroker(new MemoryBroker(Clock.systemUTC(), null));
        engine.close();
        engine = new TestEngine(config(300), gated);
        publishN("pos:r", 2);
        TestClient c = engine.connected("42");

        gated.hold = true;
        int id = c.sendAsync(io.xshathra.protocol.proto.Command.newBuilder()
                .setSubscribe(SubscribeRequest.newBuilder().setChannel("pos:r")));
        GatedBroker.PendingRead read = gated.nextRead();
        engine.publish("pos:r", 3);
        c.barrier();
        HistoryResult seen = read.readNow();
        engine.publish("pos:r", 4);
        engine.publish("pos:r", 5);
        c.barrier();
        read.result().complete(seen);

        Reply reply = c.nextWritten();
        assertThat(reply.getId()).isEqualTo(id);
        assertThat(reply.getSubscribe().getOffset()).isEqualTo(3);
        assertThat(c.remainingPushes()).extracting(p -> p.getPub().getOffset()).containsExactly(4L, 5L);
        gated.hold = false;
        engine.publish("pos:r", 6);
        assertThat(c.push().getPub().getOffset()).isEqualTo(6);
    }

    @Test
    void gapBetweenRecoveredAndBufferedPublicationsDisconnectsWith3010() throws Exception {
        GatedBroker gated = new GatedBroker(new MemoryBroker(Clock.systemUTC(), null));
        engine.close();
        engine = new TestEngine(config(300), gated);
        StreamPosition top = publishN("chat:r", 2);
        TestClient c = engine.connected("42");

        gated.hold = true;
        c.sendAsync(io.xshathra.protocol.proto.Command.newBuilder().setSubscribe(recover("chat:r", 1, top.epoch())));
        GatedBroker.PendingRead read = gated.nextRead();
        HistoryResult seen = read.readNow();
        StreamPosition skipped = new StreamPosition(top.offset() + 2, top.epoch());
        engine.node.handlePublication("chat:r", live(4, skipped), skipped);
        c.barrier();
        read.result().complete(seen);

        assertThat(c.awaitClose().code()).isEqualTo(3010);
    }
}
