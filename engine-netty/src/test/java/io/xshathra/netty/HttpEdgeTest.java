package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge ({@link HttpEdge}) on an {@link EmbeddedChannel} with a frozen clock: strict
 * parsing (400, 414, 431), the JSON 413, the header, body, idle and write deadlines, pipelined
 * requests answered one at a time in order, the bound on held pipelined requests, and the hand
 * over to a long-lived connection. Every buffer the test or the channel allocates is released.
 */
class HttpEdgeTest {
    private static final HttpEdgeSettings LIMITS = new HttpEdgeSettings(Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30), 256, 1024, 20, 2048);
    private static final int MAX_BODY = 100;

    private final TrackingAllocator allocator = new TrackingAllocator();
    private final List<String> handled = new ArrayList<>();
    private final List<CompletableFuture<FullHttpResponse>> held = new ArrayList<>();
    private EmbeddedChannel channel;

    /** {@code /held} completes when the test says so; every other path answers at once with its path. */
    private final HttpRoute route = new HttpRoute() {
        @Override
        public boolean matches(String path) {
            return true;
        }

        @Override
        public CompletionStage<FullHttpResponse> handle(FullHttpRequest request, String path) {
            return handle(request, path, null);
        }

        @Override
        public CompletionStage<FullHttpResponse> handle(FullHttpRequest req, String path, InetSocketAddress peer) {
            handled.add(req.method() + " " + path + " " + req.content().toString(StandardCharsets.UTF_8));
            if (path.equals("/held")) {
                CompletableFuture<FullHttpResponse> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(HttpResponses.text(HttpResponseStatus.OK, "ok " + path));
        }
    };

    /** Takes the connection over like a WebSocket upgrade would. */
    private final ConnectionEndpoint upgrade = (ctx, req, query) -> {
        ctx.pipeline().addLast("long-lived", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        });
        HttpEdge.handOver(ctx);
        return true;
    };

    @BeforeEach
    void open() {
        channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.freezeTime();
        HttpEdge.install(channel.pipeline(), LIMITS, MAX_BODY, new Router(Map.of("/upgrade", upgrade), List.of(route)));
    }

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
        assertThat(allocator.unreleased()).as("buffers never released").isEmpty();
    }

    private void send(String raw) {
        ByteBuf b = allocator.buffer();
        b.writeBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
        channel.writeInbound(b);
    }

    private String output() {
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                out.append(b.toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(o);
        }
        return out.toString();
    }

    private void advance(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    @Test
    void aBadHeaderNameIs400AndCloses() {
        send("GET /a HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 400 ").contains("\"code\":\"bad_request\"").contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
        assertThat(handled).isEmpty();
    }

    @Test
    void aTooLongRequestLineIs414() {
        send("GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 414 ").contains("\"code\":\"uri_too_long\"");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOversizedHeaderBlockIs431() {
        send("GET /a HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 431 ").contains("\"code\":\"headers_too_large\"");
        assertThat(channel.isOpen()).isFalse();
        assertThat(handled).isEmpty();
    }

    @Test
    void tooManyHeaderFieldsIs431() {
        StringBuilder req = new StringBuilder("GET /a HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 25; i++) {
            req.append("X-H").append(i).append(": v\r\n");
        }
        send(req.append("\r\n").toString());
        assertThat(output()).startsWith("HTTP/1.1 431 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anOversizedBodyByLengthIs413WithTheJsonErrorAndTheConnectionGoesOn() {
        send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 150\r\n\r\n" + "x".repeat(150)
                + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 413 ")
                .contains("{\"error\":{\"code\":\"body_too_large\",\"message\":\"The request body is larger than 100 bytes.\"}}")
                .contains("ok /next");
        assertThat(out.indexOf("413")).isLessThan(out.indexOf("ok /next"));
        assertThat(channel.isOpen()).isTrue();
        assertThat(handled).containsExactly("GET /next ");
    }

    @Test
    void anOversizedBodyExpectingContinueIs413WithTheJsonErrorAndCloses() {
        send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 150\r\nExpect: 100-continue\r\n\r\n");
        String out = output();
        assertThat(out).startsWith("HTTP/1.1 413 ").contains("body_too_large").doesNotContain("100 Continue");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBodyWithinTheLimitExpectingContinueGetsTheInterimAnswer() {
        send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 100 Continue");
        send("hello");
        assertThat(output()).startsWith("HTTP/1.1 200 ").contains("ok /a");
        assertThat(handled).containsExactly("POST /a hello");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anOversizedChunkedBodyIs413AndCloses() {
        send("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n" + "x".repeat(128) + "\r\n");
        assertThat(output()).startsWith("HTTP/1.1 413 ").contains("body_too_large");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequestsAreTakenOneAtATimeAndAnsweredInOrder() {
        send("POST /held HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                + "GET /second HTTP/1.1\r\nHost: x\r\n\r\nGET /third HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(handled).as("later requests wait for the first answer").containsExactly("POST /held one");
        assertThat(output()).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
        held.get(0).complete(HttpResponses.text(HttpResponseStatus.OK, "first done"));
        channel.runPendingTasks();
        String out = output();
        assertThat(handled).containsExactly("POST /held one", "GET /second ", "GET /third ");
        assertThat(out.indexOf("first done")).isGreaterThan(0).isLessThan(out.indexOf("ok /second"));
        assertThat(out.indexOf("ok /second")).isLessThan(out.indexOf("ok /third"));
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void pipelinedRequestsPastTheBufferAreDroppedAndTheConnectionClosesAfterTheHeldOnes() {
        StringBuilder req = new StringBuilder("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
        for (int i = 0; i < 30; i++) {
            req.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        send(req.toString());
        held.get(0).complete(HttpResponses.text(HttpResponseStatus.OK, "first"));
        channel.runPendingTasks();
        String out = output();
        // 2048 bytes at 256 per request: eight held behind the first.
        assertThat(handled).hasSize(9).endsWith("GET /p7 ");
        assertThat(out).contains("ok /p7").doesNotContain("ok /p8");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSilentNewConnectionClosesAfterTheHeaderTimeout() {
        advance(9);
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(output()).as("nothing was asked, nothing is answered").isEmpty();
    }

    @Test
    void partialHeadersGet408WhenTheHeaderDeadlinePasses() {
        advance(5);
        send("GET /a HTTP/1.1\r\nHo");
        for (int i = 0; i < 9; i++) {
            advance(1);
            send("x");
        }
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(output()).startsWith("HTTP/1.1 408 ").contains("request_timeout");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aTrickledBodyIsCutAtTheBodyDeadlineNotPerByte() {
        send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 90\r\n\r\n");
        for (int i = 0; i < 29; i++) {
            advance(1);
            send("x");
        }
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(output()).startsWith("HTTP/1.1 408 ");
        assertThat(channel.isOpen()).isFalse();
        assertThat(handled).isEmpty();
    }

    @Test
    void anIdleKeepAliveConnectionClosesAfterTheIdleTimeout() {
        send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(output()).contains("ok /a");
        advance(59);
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void noReadDeadlineRunsWhileARequestIsInFlight() {
        send("GET /held HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHo");
        advance(120);
        assertThat(channel.isOpen()).isTrue();
        held.get(0).complete(HttpResponses.text(HttpResponseStatus.OK, "late"));
        channel.runPendingTasks();
        assertThat(output()).contains("late");
        // Bytes that came along with an earlier request are timed from its answer: the decoder
        // does not say whether a request has begun, so the idle deadline applies, and the next
        // bytes start the header deadline.
        advance(50);
        send("st: x\r\nX-Slow: ");
        advance(9);
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(output()).startsWith("HTTP/1.1 408 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anAnswerTheClientDoesNotTakeClosesTheConnectionAfterTheWriteTimeout() {
        List<ChannelPromise> stalled = new ArrayList<>();
        channel.pipeline().addFirst("stalled-client", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                stalled.add(promise);
            }
        });
        send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(handled).containsExactly("GET /a ");
        advance(29);
        assertThat(channel.isOpen()).as("no read deadline while the answer is pending").isTrue();
        advance(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(handled).containsExactly("GET /a ");
    }

    @Test
    void aConnectionHandedOverKeepsNoDeadlineAndReadsAgain() {
        send("GET /upgrade HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(channel.pipeline().names()).doesNotContain(HttpEdge.BYTES, HttpEdge.CHECKS, HttpEdge.TIMEOUTS,
                HttpEdge.ORDER, HttpEdge.ROUTER).contains("long-lived");
        assertThat(channel.config().isAutoRead()).isTrue();
        advance(600);
        assertThat(channel.isOpen()).isTrue();
    }
}
