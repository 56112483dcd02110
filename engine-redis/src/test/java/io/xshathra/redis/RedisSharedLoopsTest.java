package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine on the server's event loops: Pub/Sub messages and command replies are handled on the
 * shared loop, a command sent from that loop completes without blocking it, closing the engine
 * leaves the loops running, and loops of another socket type are not used.
 */
class RedisSharedLoopsTest {
    @RegisterExtension
    static final EmbeddedRedis redis = EmbeddedRedis.perTestClass();
    private EventLoopGroup loops;
    private RedisEngine engine;
    /** The threads the broker's handler was called on. */
    private final BlockingQueue<Thread> handledOn = new LinkedBlockingQueue<>();

    @BeforeEach
    void startLoops() {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void start(String prefix, Class<? extends io.netty.channel.Channel> socketType) {
        engine = RedisEngine.start(RedisEngineOptions.standalone(List.of(redis.address()), prefix),
                Clock.systemUTC(), loops, socketType);
        engine.broker().setEventHandler(new BrokerEventHandler() {
            @Override
            public void handlePublication(String channel, Publication pub, StreamPosition position,
                                          Publication previous) {
                handledOn.add(Thread.currentThread());
            }

            @Override
            public void handleJoin(String channel, ClientInfo info) {
            }

            @Override
            public void handleLeave(String channel, ClientInfo info) {
            }
        });
    }

    private static Publication pub(String data) {
        return Publication.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
    }

    private Thread nextHandler() throws InterruptedException {
        Thread t = handledOn.poll(5, TimeUnit.SECONDS);
        assertThat(t).as("a publication within 5 s").isNotNull();
        return t;
    }

    @Test
    void messagesAndRepliesAreHandledOnTheSharedLoop() throws Exception {
        assertThat(Transports.socketChannelClass()).as("without native transports here").isEqualTo(
                io.netty.channel.socket.nio.NioSocketChannel.class);
        start("sl1", io.netty.channel.socket.nio.NioSocketChannel.class);
        engine.broker().subscribe("c").toCompletableFuture().get(5, TimeUnit.SECONDS);
        // Sent from the loop itself: written at once, answered on the same loop, never waited for there.
        CompletableFuture<Thread> repliedOn = new CompletableFuture<>();
        loops.next().execute(() -> engine.broker().publish("c", pub("1"), PublishOptions.NO_HISTORY)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        repliedOn.completeExceptionally(e);
                    } else {
                        repliedOn.complete(Thread.currentThread());
                    }
                }));
        Thread reply = repliedOn.get(5, TimeUnit.SECONDS);
        assertThat(loops.next().inEventLoop(reply)).as("reply on the shared loop, not " + reply.getName()).isTrue();
        Thread message = nextHandler();
        assertThat(loops.next().inEventLoop(message)).as("message on the shared loop, not " + message.getName())
                .isTrue();

        // A publication with history (a Lua script) from the loop as well.
        PublishOptions history = new PublishOptions(10, Duration.ofMinutes(5), Duration.ofHours(1), null);
        CompletableFuture<PublishResult> stored = new CompletableFuture<>();
        loops.next().execute(() -> engine.broker().publish("c", pub("2"), history).whenComplete((r, e) -> {
            if (e != null) {
                stored.completeExceptionally(e);
            } else {
                stored.complete(r);
            }
        }));
        assertThat(stored.get(5, TimeUnit.SECONDS).position().offset()).isEqualTo(1);
        assertThat(loops.next().inEventLoop(nextHandler())).isTrue();
    }

    @Test
    void closingTheEngineLeavesTheLoopsRunning() throws Exception {
        start("sl2", io.netty.channel.socket.nio.NioSocketChannel.class);
        engine.broker().subscribe("c").toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.close();
        engine = null;
        assertThat(loops.isShuttingDown()).isFalse();
        assertThat(loops.submit(() -> "still running").get(5, TimeUnit.SECONDS)).isEqualTo("still running");

        // A second engine on the same loops works as the first did.
        start("sl2b", io.netty.channel.socket.nio.NioSocketChannel.class);
        engine.broker().subscribe("c").toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.broker().publish("c", pub("1"), PublishOptions.NO_HISTORY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(loops.next().inEventLoop(nextHandler())).isTrue();
    }

    @Test
    void loopsOfAnotherSocketTypeAreNotUsed() throws Exception {
        start("sl3", EmbeddedChannel.class);
        engine.broker().subscribe("c").toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.broker().publish("c", pub("1"), PublishOptions.NO_HISTORY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Thread message = nextHandler();
        assertThat(loops.next().inEventLoop(message)).as("Lettuce's own threads").isFalse();
        assertThat(message.getName()).startsWith("lettuce-");
    }
}
