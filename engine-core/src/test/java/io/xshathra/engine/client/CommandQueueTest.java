package io.xshathra.engine.client;

import static io.xshathra.engine.client.TestEngine.options;
import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Command;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PresenceStatsRequest;
import io.xshathra.protocol.proto.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bound on a connection's waiting commands ({@code client.command_queue_limit}): reading
 * pauses at a quarter of it and resumes at an eighth, through the {@link Transport} hooks; input
 * that would pass it closes the connection with 3008. A history read held by {@link GatedBroker}
 * stands for a command waiting on a slow broker.
 */
class CommandQueueTest {
    private static final int LIMIT = 16;
    private static final ChannelOptions CHAT = options(b -> {
        b.historySize = 10;
        b.historyTtl = Duration.ofSeconds(300);
        b.presence = true;
    });

    private TestEngine engine;
    private GatedBroker broker;
    private TestClient client;

    @BeforeEach
    void start() {
        EngineConfig config = TestEngine.config(TestEngine.namespaces("chat", CHAT),
                c -> TestEngine.client(c, false, true, 300).withCommandQueueLimit(LIMIT));
        broker = new GatedBroker(new MemoryBroker(Clock.systemUTC(), null));
        engine = new TestEngine(config, broker);
        client = engine.connected("alice");
        broker.hold = true;
    }

    @AfterEach
    void stop() {
        String violation = engine.violations();
        engine.close();
        assertThat(violation).as("transport contract").isNull();
    }

    private static Command.Builder history() {
        return Command.newBuilder().setHistory(HistoryRequest.newBuilder().setChannel("chat:a").setLimit(0));
    }

    private static Command.Builder stats() {
        return Command.newBuilder().setPresenceStats(PresenceStatsRequest.newBuilder().setChannel("chat:a"));
    }

    private Boolean nextReadingCall() throws InterruptedException {
        return client.transport.reading.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int queued() throws Exception {
        return engine.loop.submit(() -> client.session.queuedCommands()).get();
    }

    @Test
    void readingPausesAtAQuarterOfTheLimitAndResumesWhenTheQueueDrains() throws Exception {
        int first = client.sendAsync(history());
        GatedBroker.PendingRead held = broker.nextRead();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < LIMIT / 4 - 1; i++) {
            ids.add(client.sendAsync(stats()));
        }
        client.barrier();
        assertThat(client.transport.reading).as("below the pause mark nothing changes").isEmpty();
        ids.add(client.sendAsync(stats()));
        assertThat(nextReadingCall()).as("pause").isTrue();
        assertThat(queued()).isEqualTo(LIMIT / 4);

        broker.hold = false;
        held.result().complete(held.readNow());
        assertThat(client.reply(first).hasHistory()).isTrue();
        for (int id : ids) {
            assertThat(client.reply(id).hasPresenceStats()).isTrue();
        }
        assertThat(nextReadingCall()).as("resume").isFalse();
        assertThat(queued()).isZero();
        assertThat(engine.node.metrics().readPauses()).isEqualTo(1);
        assertThat(client.transport.closed).isNotDone();
    }

    @Test
    void inputThatWouldPassTheLimitClosesWithSlow() throws Exception {
        client.sendAsync(history());
        broker.nextRead();
        Command[] burst = new Command[LIMIT + 1];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = stats().setId(100 + i).build();
        }
        byte[] frame = TestClient.frame(burst);
        engine.loop.execute(() -> client.session.handleFrame(frame));
        assertThat(client.awaitClose()).isEqualTo(Disconnect.SLOW);
        assertThat(engine.node.metrics().commandQueueOverflows()).isEqualTo(1);
        assertThat(queued()).as("nothing of the refused frame is kept").isZero();
    }

    @Test
    void aFrameThatFillsTheQueueExactlyIsServedInOrder() throws Exception {
        int first = client.sendAsync(history());
        GatedBroker.PendingRead held = broker.nextRead();
        Command[] burst = new Command[LIMIT];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = stats().setId(100 + i).build();
        }
        byte[] frame = TestClient.frame(burst);
        engine.loop.execute(() -> client.session.handleFrame(frame));
        assertThat(nextReadingCall()).isTrue();
        assertThat(queued()).isEqualTo(LIMIT);
        broker.hold = false;
        held.result().complete(held.readNow());
        assertThat(client.reply(first).hasHistory()).isTrue();
        for (int i = 0; i < LIMIT; i++) {
            Reply r = client.reply(100 + i);
            assertThat(r.hasPresenceStats()).isTrue();
        }
        assertThat(nextReadingCall()).isFalse();
        assertThat(client.transport.closed).isNotDone();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.node.config().client().withCommandQueueLimit(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
