package io.xshathra.engine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.Codec;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the {@link Hub} promises: first/last bookkeeping, encode once, fan out on each subscriber's executor. */
class HubTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final Hub hub = new Hub();
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void shutdown() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    /** A single-threaded "event loop" that counts the tasks posted to it. */
    private final class Loop implements Executor {
        final ExecutorService delegate = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop-" + executors.size()));
        final AtomicInteger tasks = new AtomicInteger();
        volatile Thread thread;

        Loop() {
            executors.add(delegate);
            delegate.execute(() -> thread = Thread.currentThread());
        }

        @Override
        public void execute(Runnable command) {
            tasks.incrementAndGet();
            delegate.execute(command);
        }

        /** Waits until everything posted so far has run. */
        void drain() throws Exception {
            delegate.submit(() -> { }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private record Delivery(PreparedPush push, Thread thread) {
    }

    private static final class FakeSubscriber implements Subscriber {
        final Executor executor;
        final ProtocolType protocol;
        final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

        FakeSubscriber(Executor executor, ProtocolType protocol) {
            this.executor = executor;
            this.protocol = protocol;
        }

        @Override
        public Executor executor() {
            return executor;
        }

        @Override
        public ProtocolType protocol() {
            return protocol;
        }

        @Override
        public void deliver(PreparedPush push) {
            deliveries.add(new Delivery(push, Thread.currentThread()));
        }

        Delivery next() throws InterruptedException {
            Delivery d = deliveries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d).as("a delivery within %s", WAIT).isNotNull();
            return d;
        }
    }

    private static Publication pub(int n) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"n\":" + n + "}")).setOffset(n).build();
    }

    // ------------------------------------------------------------------ bookkeeping

    @Test
    void addReportsTheFirstSubscriberAndRemoveTheLast() {
        Loop loop = new Loop();
        FakeSubscriber a = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber b = new FakeSubscriber(loop, ProtocolType.JSON);
        assertThat(hub.add("ch", a)).isTrue();
        assertThat(hub.add("ch", b)).isFalse();
        assertThat(hub.add("other", b)).isTrue();
        assertThat(hub.numSubscriptions()).isEqualTo(3);
        assertThat(hub.channelCounts(c -> true)).isEqualTo(Map.of("ch", 2, "other", 1));

        assertThat(hub.remove("ch", a)).isFalse();
        assertThat(hub.remove("ch", a)).as("removing twice").isFalse();
        assertThat(hub.remove("ch", b)).isTrue();
        assertThat(hub.channelCounts(c -> true).keySet()).containsExactly("other");
        assertThat(hub.remove("ch", b)).as("channel already gone").isFalse();
        assertThat(hub.remove("never", a)).isFalse();
        assertThat(hub.add("ch", a)).as("first again after the last left").isTrue();
        assertThat(hub.numChannels()).isEqualTo(2);
    }

    @Test
    void removingAnotherSubscriberKeepsTheChannel() {
        Loop loop = new Loop();
        FakeSubscriber a = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber stranger = new FakeSubscriber(loop, ProtocolType.JSON);
        hub.add("ch", a);
        assertThat(hub.remove("ch", stranger)).isFalse();
        assertThat(hub.channelCounts(c -> true).keySet()).containsExactly("ch");
    }

    // ------------------------------------------------------------------ fan-out

    @Test
    void publicationIsEncodedOnceAndSharedBySubscribers() throws Exception {
        Loop l1 = new Loop();
        Loop l2 = new Loop();
        FakeSubscriber a = new FakeSubscriber(l1, ProtocolType.JSON);
        FakeSubscriber b = new FakeSubscriber(l1, ProtocolType.JSON);
        FakeSubscriber c = new FakeSubscriber(l2, ProtocolType.JSON);
        hub.add("ch", a);
        hub.add("ch", b);
        hub.add("ch", c);
        StreamPosition pos = new StreamPosition(1, "epochAAA");
        hub.broadcastPublication("ch", pub(1), pos);

        PreparedPush pa = a.next().push();
        assertThat(b.next().push()).isSameAs(pa);
        assertThat(c.next().push()).isSameAs(pa);
        assertThat(pa.kind()).isEqualTo(PreparedPush.Kind.PUBLICATION);
        assertThat(pa.channel()).isEqualTo("ch");
        assertThat(pa.position()).isEqualTo(pos);
        assertThat(pa.publication()).isEqualTo(pub(1));
        byte[] expected = Codec.of(ProtocolType.JSON).encodeReply(Reply.newBuilder()
                .setPush(Push.newBuilder().setChannel("ch").setPub(pub(1))).build());
        assertThat(pa.bytes(ProtocolType.JSON)).isEqualTo(expected);
        assertThat(pa.bytes(ProtocolType.JSON)).isSameAs(pa.bytes(ProtocolType.JSON));
        assertThat(pa.bytes(ProtocolType.PROTOBUF)).as("no protobuf subscriber, not encoded").isNull();
    }

    @Test
    void eachProtocolPresentIsEncoded() throws Exception {
        Loop loop = new Loop();
        FakeSubscriber json = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber pb = new FakeSubscriber(loop, ProtocolType.PROTOBUF);
        hub.add("ch", json);
        hub.add("ch", pb);
        hub.broadcastPublication("ch", pub(1), StreamPosition.NONE);
        PreparedPush p = json.next().push();
        assertThat(pb.next().push()).isSameAs(p);
        Reply decoded = Reply.parseDelimitedFrom(new java.io.ByteArrayInputStream(p.bytes(ProtocolType.PROTOBUF)));
        assertThat(decoded.getPush().getPub()).isEqualTo(pub(1));
        assertThat(new String(p.bytes(ProtocolType.JSON), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"push\":{\"channel\":\"ch\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}}");
    }

    @Test
    void payloadAJsonConnectionCannotCarryIsEncodedAsNull() throws Exception {
        Loop loop = new Loop();
        FakeSubscriber json = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber pb = new FakeSubscriber(loop, ProtocolType.PROTOBUF);
        hub.add("ch", json);
        hub.add("ch", pb);
        Publication binary = Publication.newBuilder().setData(ByteString.copyFrom(new byte[] {(byte) 0xff, 0})).build();
        hub.broadcastPublication("ch", binary, StreamPosition.NONE);
        PreparedPush p = json.next().push();
        assertThat(p.bytes(ProtocolType.JSON)).as("left to the session: 3506").isNull();
        assertThat(p.bytes(ProtocolType.PROTOBUF)).isNotNull();
    }

    @Test
    void deliveriesRunOnTheSubscribersExecutorWithOneTaskPerExecutor() throws Exception {
        Loop l1 = new Loop();
        Loop l2 = new Loop();
        List<FakeSubscriber> onL1 = List.of(new FakeSubscriber(l1, ProtocolType.JSON),
                new FakeSubscriber(l1, ProtocolType.JSON), new FakeSubscriber(l1, ProtocolType.PROTOBUF));
        FakeSubscriber onL2 = new FakeSubscriber(l2, ProtocolType.JSON);
        onL1.forEach(s -> hub.add("ch", s));
        hub.add("ch", onL2);
        l1.drain();
        l2.drain();
        int before1 = l1.tasks.get();
        int before2 = l2.tasks.get();

        hub.broadcastPublication("ch", pub(1), StreamPosition.NONE);
        for (FakeSubscriber s : onL1) {
            assertThat(s.next().thread()).isSameAs(l1.thread);
        }
        assertThat(onL2.next().thread()).isSameAs(l2.thread);
        assertThat(l1.tasks.get() - before1).isEqualTo(1);
        assertThat(l2.tasks.get() - before2).isEqualTo(1);
    }

    @Test
    void joinAndLeaveGoToEverySubscriberUnfiltered() throws Exception {
        Loop loop = new Loop();
        FakeSubscriber a = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber b = new FakeSubscriber(loop, ProtocolType.PROTOBUF);
        hub.add("ch", a);
        hub.add("ch", b);
        ClientInfo info = ClientInfo.newBuilder().setUser("42").setClient("c1").build();
        hub.broadcastJoin("ch", info);
        hub.broadcastLeave("ch", info);
        for (FakeSubscriber s : List.of(a, b)) {
            PreparedPush join = s.next().push();
            PreparedPush leave = s.next().push();
            assertThat(join.kind()).isEqualTo(PreparedPush.Kind.JOIN);
            assertThat(leave.kind()).isEqualTo(PreparedPush.Kind.LEAVE);
            assertThat(join.position()).isEqualTo(StreamPosition.NONE);
            assertThat(join.publication()).isNull();
            Reply decoded = Reply.parseDelimitedFrom(
                    new java.io.ByteArrayInputStream(join.bytes(ProtocolType.PROTOBUF)));
            assertThat(decoded.getPush().getJoin().getInfo()).isEqualTo(info);
            assertThat(decoded.getPush().getChannel()).isEqualTo("ch");
        }
    }

    @Test
    void onlyCurrentSubscribersOfTheChannelReceive() throws Exception {
        Loop loop = new Loop();
        FakeSubscriber a = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber b = new FakeSubscriber(loop, ProtocolType.JSON);
        FakeSubscriber other = new FakeSubscriber(loop, ProtocolType.JSON);
        hub.add("ch", a);
        hub.add("ch", b);
        hub.add("other", other);
        hub.remove("ch", b);
        hub.broadcastPublication("ch", pub(1), StreamPosition.NONE);
        hub.broadcastPublication("nobody", pub(2), StreamPosition.NONE);
        hub.broadcastJoin("nobody", ClientInfo.getDefaultInstance());
        assertThat(a.next().push().publication()).isEqualTo(pub(1));
        loop.drain();
        assertThat(b.deliveries).isEmpty();
        assertThat(other.deliveries).isEmpty();
        assertThat(a.deliveries).isEmpty();
    }

    @Test
    void orderIsKeptPerSubscriber() throws Exception {
        Loop l1 = new Loop();
        Loop l2 = new Loop();
        FakeSubscriber a = new FakeSubscriber(l1, ProtocolType.JSON);
        FakeSubscriber b = new FakeSubscriber(l2, ProtocolType.PROTOBUF);
        hub.add("ch", a);
        hub.add("ch", b);
        for (int i = 1; i <= 200; i++) {
            hub.broadcastPublication("ch", pub(i), new StreamPosition(i, "e"));
        }
        for (FakeSubscriber s : List.of(a, b)) {
            for (int i = 1; i <= 200; i++) {
                assertThat(s.next().push().position().offset()).isEqualTo(i);
            }
        }
    }

    @Test
    void aRejectingExecutorDoesNotStopTheOthers() throws Exception {
        Loop gone = new Loop();
        gone.delegate.shutdownNow();
        Loop alive = new Loop();
        FakeSubscriber dead = new FakeSubscriber(gone, ProtocolType.JSON);
        FakeSubscriber live = new FakeSubscriber(alive, ProtocolType.JSON);
        hub.add("ch", dead);
        hub.add("ch", live);
        hub.broadcastPublication("ch", pub(1), StreamPosition.NONE);
        assertThat(live.next().push().publication()).isEqualTo(pub(1));
    }

    @Test
    void manySubscribersOnSeveralLoopsJoinAndLeaveInAnyOrder() throws Exception {
        List<Loop> loops = List.of(new Loop(), new Loop(), new Loop());
        List<FakeSubscriber> subs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            FakeSubscriber s = new FakeSubscriber(loops.get(i % 3), i % 2 == 0 ? ProtocolType.JSON : ProtocolType.PROTOBUF);
            subs.add(s);
            assertThat(hub.add("big", s)).isEqualTo(i == 0);
        }
        java.util.Collections.shuffle(subs, new java.util.Random(7));
        List<FakeSubscriber> gone = subs.subList(0, 400);
        List<FakeSubscriber> kept = subs.subList(400, 600);
        for (FakeSubscriber s : gone) {
            assertThat(hub.remove("big", s)).isFalse();
        }
        assertThat(hub.channelCounts(c -> true)).isEqualTo(Map.of("big", 200));
        hub.broadcastPublication("big", pub(1), StreamPosition.NONE);
        for (FakeSubscriber s : kept) {
            assertThat(s.next().push().publication()).isEqualTo(pub(1));
        }
        for (Loop l : loops) {
            l.drain();
        }
        assertThat(gone).allSatisfy(s -> assertThat(s.deliveries).isEmpty());
        for (int i = 0; i < kept.size(); i++) {
            assertThat(hub.remove("big", kept.get(i))).isEqualTo(i == kept.size() - 1);
        }
        assertThat(hub.numChannels()).isZero();
    }
}
