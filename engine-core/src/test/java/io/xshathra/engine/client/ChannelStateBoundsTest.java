package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-channel state a client can make the node keep: anonymous subscribe/unsubscribe cycles over
 * distinct channels of a namespace with recovery, presence and join/leave leave nothing in the
 * hub, the presence manager or the broker; evicted stream metadata gives a recovering client a
 * new epoch and {@code recovered: false}, never another epoch's publications.
 */
class ChannelStateBoundsTest {
    private static final int STREAM_LIMIT = 4;
    private static final ChannelOptions ROOMS = options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(300);
        b.allowRecovery = true;
        b.presence = true;
        b.joinLeave = true;
        b.forcePushJoinLeave = true;
        b.permissions = TestEngine.subscribeOnly();
    });

    private TestEngine engine;
    private MemoryBroker broker;

    @BeforeEach
    void start() {
        EngineConfig config = TestEngine.config(TestEngine.namespaces("rooms", ROOMS),
                c -> TestEngine.client(c, true, false, 300));
        broker = new MemoryBroker(Clock.systemUTC(), null, STREAM_LIMIT);
        engine = new TestEngine(config, broker);
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private static SubscribeRequest.Builder recoverable(String channel) {
        return SubscribeRequest.newBuilder().setChannel(channel).setRecoverable(true);
    }

    private static SubscribeRequest.Builder recover(String channel, long offset, String epoch) {
        return recoverable(channel).setRecover(true).setOffset(offset).setEpoch(epoch);
    }

    private static Command.Builder unsubscribe(String channel) {
        return Command.newBuilder().setUnsubscribe(UnsubscribeRequest.newBuilder().setChannel(channel));
    }

    @Test
    void fiftyThousandSubscribeUnsubscribeCyclesOverDistinctChannelsLeaveOnlyTheirBoundedEpochs() {
        TestClient c = engine.connected("");
        int cycles = 50_000;
        int perFrame = 250;
        for (int start = 0; start < cycles; start += perFrame) {
            List<Command> frame = new ArrayList<>();
            int id = 0;
            for (int i = start; i < start + perFrame; i++) {
                String ch = "rooms:" + i;
                frame.add(Command.newBuilder().setId(++id).setSubscribe(recoverable(ch)).build());
                frame.add(unsubscribe(ch).setId(++id).build());
            }
            byte[] bytes = TestClient.frame(frame.toArray(new Command[0]));
            engine.loop.execute(() -> c.session.handleFrame(bytes));
            for (int r = 1; r <= id; r++) {
                Reply reply = c.nextWritten();
                assertThat(reply.hasError()).as("reply %s", reply).isFalse();
            }
        }
        c.barrier();
        assertThat(engine.node.hub().numChannels()).isZero();
        assertThat(broker.streamCount()).as("no real stream, so none with history was pushed out").isZero();
        assertThat(broker.quietCount()).as("each departed subscriber's epoch, within the stream limit")
                .isEqualTo(STREAM_LIMIT);
        assertThat(((MemoryPresenceManager) engine.node.presence()).channelCount()).isZero();
        assertThat(broker.subscribedCount()).isZero();
        assertThat(engine.node.metrics().subscriptionsAccepted()).isEqualTo(cycles);
        assertThat(c.transport.closed).isNotDone();
    }

    @Test
    void presenceKeepsNothingOfAChannelOnceItsLastClientLeft() {
        TestClient c = engine.connected("");
        for (int i = 0; i < 100; i++) {
            c.subscribe(recoverable("rooms:" + i));
        }
        c.session.execute(() -> c.session.disconnect(io.xshathra.protocol.Disconnect.FORCE_NO_RECONNECT));
        c.awaitClose();
        c.barrier();
        for (int i = 0; i < 100; i++) {
            assertThat(engine.node.presence().stats("rooms:" + i).toCompletableFuture().join().numClients()).isZero();
        }
        assertThat(((MemoryPresenceManager) engine.node.presence()).channelCount()).isZero();
        assertThat(engine.node.hub().numChannels()).isZero();
        assertThat(broker.streamCount()).isZero();
    }

    @Test
    void aRecoveringClientOfANeverPublishedChannelRecoversInItsEpochAfterEveryoneLeft() {
        TestClient c = engine.connected("");
        SubscribeResult first = c.subscribe(recoverable("rooms:quiet")).getSubscribe();
        assertThat(first.getEpoch()).isNotEmpty();
        c.call(unsubscribe("rooms:quiet"));
        SubscribeResult again = c.subscribe(recover("rooms:quiet", 0, first.getEpoch())).getSubscribe();
        assertThat(again.getRecovered()).isTrue();
        assertThat(again.getWasRecovering()).isTrue();
        assertThat(again.getEpoch()).isEqualTo(first.getEpoch());
        assertThat(again.getOffset()).isZero();
        assertThat(again.getPublicationsCount()).isZero();
    }

    @Test
    void aSubscriberOfANeverPublishedChannelKeepsItsEpochThroughTheFirstPublication() {
        TestClient c = engine.connected("");
        SubscribeResult r = c.subscribe(recoverable("rooms:quiet")).getSubscribe();
        StreamPosition p = engine.publish("rooms:quiet", 1);
        assertThat(p).isEqualTo(new StreamPosition(1, r.getEpoch()));
        assertThat(nextPublication(c).getPub().getOffset()).as("delivered, not an insufficient-state unsubscribe")
                .isEqualTo(1);
    }

    @Test
    void aRecoveringClientOfAnEvictedStreamIsToldItDidNotRecover() {
        StreamPosition old = engine.publish("rooms:a", 1);
        engine.publish("rooms:a", 2);
        for (int i = 0; i < STREAM_LIMIT; i++) {
            engine.publish("rooms:other" + i, 1);
        }
        assertThat(broker.streamsEvicted()).isPositive();
        TestClient c = engine.connected("");
        SubscribeResult r = c.subscribe(recover("rooms:a", 1, old.epoch())).getSubscribe();
        assertThat(r.getRecovered()).isFalse();
        assertThat(r.getWasRecovering()).isTrue();
        assertThat(r.getEpoch()).isNotEqualTo(old.epoch());
        assertThat(r.getOffset()).isZero();
        assertThat(r.getPublicationsCount()).isZero();
        StreamPosition next = engine.publish("rooms:a", 3);
        assertThat(next).isEqualTo(new StreamPosition(1, r.getEpoch()));
        assertThat(nextPublication(c).getPub().getOffset()).isEqualTo(1);
    }

    @Test
    void publicationsBufferedDuringASubscribeAreBoundedAndTooManyCloseWithInsufficientState() throws Exception {
        GatedBroker gated = new GatedBroker(new MemoryBroker(Clock.systemUTC(), null));
        engine.close();
        engine = new TestEngine(TestEngine.config(TestEngine.namespaces("rooms", ROOMS),
                c -> TestEngine.client(c, true, false, 300)), gated);
        TestClient c = engine.connected("");
        gated.hold = true;
        c.sendAsync(Command.newBuilder().setSubscribe(recoverable("rooms:busy")));
        GatedBroker.PendingRead read = gated.nextRead();
        for (int i = 1; i <= SubscriptionState.MAX_BUFFERED + 1; i++) {
            engine.publish("rooms:busy", i);
        }
        c.barrier();
        int buffered = engine.loop.submit(() -> c.session.subscription("rooms:busy").buffer.size()).get();
        assertThat(buffered).isEqualTo(SubscriptionState.MAX_BUFFERED);
        read.result().complete(read.readNow());
        assertThat(c.awaitClose()).isEqualTo(io.xshathra.protocol.Disconnect.INSUFFICIENT_STATE);
    }

    /** The next push other than a join (subscribers here get their own join too). */
    private static io.xshathra.protocol.proto.Push nextPublication(TestClient c) {
        io.xshathra.protocol.proto.Push p = c.push();
        while (p.hasJoin()) {
            p = c.push();
        }
        return p;
    }
}
