package io.xshathra.netty;

import static io.xshathra.netty.RawWebSocket.connected;
import static io.xshathra.netty.RawWebSocket.readFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.xshathra.testkit.Await;
import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectWrite} over real epoll sockets: a WebSocket subscriber's batches go straight to its
 * socket; a burst its socket cannot take waits in the pipeline with everything behind it, arrives
 * whole and in order, and once it has drained the batches take the short way again. Which
 * pipelines qualify at all.
 */
class DirectWriteIT {
    private static final Pattern INDEX = Pattern.compile("\"i\":(\\d+)");
    private static final String PAD = "x".repeat(16 * 1024);

    private final TestServer server;

    DirectWriteIT() throws InterruptedException {
        server = new TestServer(c -> c.withClient(c.client().withQueueMaxSize(64L << 20)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void publish(int i, String pad) throws Exception {
        var r = server.api("publish", "{\"channel\":\"chat:x\",\"data\":{\"i\":" + i + ",\"pad\":\"" + pad + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("\"error\"");
    }

    /** Reads frames until publication {@code last} has arrived, checking that they come in order. */
    private static int readUpTo(DataInputStream in, int next, int last) throws Exception {
        while (next <= last) {
            RawWebSocket.Frame f = readFrame(in);
            assertThat(f.opcode()).as("a data frame").isEqualTo(1);
            Matcher m = INDEX.matcher(f.text());
            while (m.find()) {
                assertThat(Integer.parseInt(m.group(1))).as("publications in order, none lost").isEqualTo(next);
                next++;
            }
        }
        return next;
    }

    /** The only WebSocket connection of the server. */
    private Channel webSocket() {
        return server.server.connections().stream().filter(c -> c.pipeline().get(WebSocketTransport.class) != null)
                .findFirst().orElseThrow();
    }

    private static <T> T onLoop(Channel ch, Callable<T> task) throws Exception {
        return ch.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSubscribersBatchesGoStraightToItsSocket() throws Exception {
        assertThat(Epoll.isAvailable()).as("the native transport this path is for").isTrue();
        try (Socket client = connected(server.server.port(), "direct", false)) {
            for (int i = 0; i < 5; i++) {
                publish(i, "");
            }
            readUpTo(new DataInputStream(client.getInputStream()), 0, 4);
            Channel ch = webSocket();
            assertThat(onLoop(ch, () -> ch.pipeline().get(WebSocketTransport.class).outbound().writesDirectly()))
                    .isTrue();
        }
    }

    @Test
    void whatTheSocketDoesNotTakeWaitsWithEverythingBehindItThenTheShortWayResumes() throws Exception {
        try (Socket client = connected(server.server.port(), "slow", true)) {
            Channel ch = webSocket();
            // The client reads nothing: its buffers and the server's fill, the rest waits in the pipeline.
            int published = 0;
            while (published < 400 && onLoop(ch, () -> DirectWrite.nothingWaiting(ch))) {
                publish(published++, PAD);
            }
            assertThat(onLoop(ch, () -> DirectWrite.nothingWaiting(ch))).as("bytes wait in the pipeline").isFalse();
            for (int i = 0; i < 5; i++) {
                publish(published++, PAD);
            }
            DataInputStream in = new DataInputStream(client.getInputStream());
            int next = readUpTo(in, 0, published - 1);
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    return onLoop(ch, () -> DirectWrite.nothingWaiting(ch));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "the pipeline drains");
            publish(next, "");
            readUpTo(in, next, next);
            assertThat(onLoop(ch, () -> ch.pipeline().get(WebSocketTransport.class).outbound().writesDirectly()))
                    .isTrue();
        }
    }

    @Test
    void onlyPipelinesThatPassRawBuffersThroughQualify() {
        ChannelHandler transport = new ChannelInboundHandlerAdapter();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("write-deadline", new WriteDeadline(Duration.ofSeconds(1), () -> { }));
        ch.pipeline().addLast("wsdecoder", new WebSocket13FrameDecoder(false, false, 1024));
        ch.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
        ch.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(1024));
        ch.pipeline().addLast("ws-transport", transport);
        ch.pipeline().addLast("after", new ChannelOutboundHandlerAdapter());
        assertThat(DirectWrite.pipelinePassesBytes(ch.pipeline().context(transport)))
                .as("the WebSocket pipeline; handlers past the transport do not matter").isTrue();
        assertThat(DirectWrite.socketOf(ch)).as("not an epoll socket").isNull();

        ch.pipeline().addAfter("write-deadline", "changes-bytes", new ChannelOutboundHandlerAdapter());
        assertThat(DirectWrite.pipelinePassesBytes(ch.pipeline().context(transport))).isFalse();
        ch.pipeline().remove("changes-bytes");
        ch.pipeline().addFirst("http", new HttpServerCodec());
        assertThat(DirectWrite.pipelinePassesBytes(ch.pipeline().context(transport))).isFalse();
        ch.finishAndReleaseAll();
    }
}
