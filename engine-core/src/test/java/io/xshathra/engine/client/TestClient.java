package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.Node;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Command;
import io.xshathra.testkit.ProtoFrames;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@link ClientSession} like a Protobuf client would: frames go in on the session's
 * event loop, replies and pushes come out of the {@link FakeTransport}. Waits use deadlines;
 * "nothing more arrived" is checked after a barrier task on the event loop.
 */
final class TestClient {
    static final Duration WAIT = Duration.ofSeconds(5);

    final FakeTransport transport;
    final ClientSession session;
    private final Deque<Reply> pushes = new ArrayDeque<>();
    private int nextId = 1;

    TestClient(Node node, ScheduledExecutorService loop) {
        this.transport = new FakeTransport(loop);
        this.session = onLoop(() -> node.newSession(transport));
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return transport.loop.submit(task).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every task queued on the event loop so far has run. */
    void barrier() {
        onLoop(() -> null);
    }

    static byte[] frame(Command... commands) {
        return ProtoFrames.frame(commands);
    }

    /** Sends one command without waiting; returns its id. */
    int sendAsync(Command.Builder cmd) {
        int id = nextId++;
        byte[] bytes = frame(cmd.setId(id).build());
        transport.loop.execute(() -> session.handleFrame(bytes));
        return id;
    }

    /** Sends one command and waits for its reply (pushes arriving meanwhile are kept for {@link #push()}). */
    Reply call(Command.Builder cmd) {
        return reply(sendAsync(cmd));
    }

    Reply reply(int id) {
        while (true) {
            Reply r = poll();
            assertThat(r).as("reply to command %d within %s", id, WAIT).isNotNull();
            if (r.getId() == 0) {
                pushes.add(r);
                continue;
            }
            assertThat(r.getId()).as("replies come in command order").isEqualTo(id);
            return r;
        }
    }

    /** The next push. */
    Push push() {
        Reply r = pushes.poll();
        if (r == null) {
            r = poll();
        }
        assertThat(r).as("a push within %s", WAIT).isNotNull();
        assertThat(r.getId()).as("expected a push, got a reply").isZero();
        return r.getPush();
    }

    /** The next thing written, reply or push, in write order. */
    Reply nextWritten() {
        Reply r = pushes.poll();
        if (r == null) {
            r = poll();
        }
        assertThat(r).as("a write within %s", WAIT).isNotNull();
        return r;
    }

    /** Everything already written (after a barrier), which must be pushes only. */
    List<Push> remainingPushes() {
        barrier();
        List<Push> out = new ArrayList<>();
        pushes.forEach(r -> out.add(r.getPush()));
        pushes.clear();
        for (Reply r = transport.written.poll(); r != null; r = transport.written.poll()) {
            assertThat(r.getId()).as("unexpected reply").isZero();
            out.add(r.getPush());
        }
        return out;
    }

    private Reply poll() {
        try {
            return transport.written.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Disconnect awaitClose() {
        try {
            return transport.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + WAIT, e);
        }
    }

    // ------------------------------------------------------------------ commands

    Reply connect(String token) {
        Reply r = call(Command.newBuilder().setConnect(ConnectRequest.newBuilder().setToken(token)));
        assertThat(r.hasError()).as("connect error %s", r.getError()).isFalse();
        assertThat(r.hasConnect()).isTrue();
        return r;
    }

    Reply subscribe(SubscribeRequest.Builder req) {
        return call(Command.newBuilder().setSubscribe(req));
    }

    Reply subscribe(String channel) {
        return subscribe(SubscribeRequest.newBuilder().setChannel(channel));
    }
}
