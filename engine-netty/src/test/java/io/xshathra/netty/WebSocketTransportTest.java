package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtobufCodec;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.Reply;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketTransport} on an {@link EmbeddedChannel}: coalescing of replies into frames,
 * closing with a disconnect, the slow-client rule, and buffer hygiene (every buffer the channel
 * allocated or emitted is released; the surefire run also enables paranoid leak detection).
 */
class WebSocketTransportTest {
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final List<ByteBuf> inbound = new ArrayList<>();
    private EmbeddedChannel channel;
    private WebSocketTransport transport;

    private static Node node(boolean anonymous) {
        EngineConfig base = EngineConfig.defaults("secret", "key");
        ClientConfig c = base.client();
        ClientConfig client = new ClientConfig(c.token(), c.subscriptionToken(), c.allowedOrigins(), anonymous,
                c.disallowAnonymousConnectionTokens(), c.insecure(), java.time.Duration.ZERO, java.time.Duration.ZERO,
                c.expiredCloseDelay(), c.expiredSubCloseDelay(), c.staleCloseDelay(), c.channelLimit(),
                c.queueMaxSize(), c.presenceUpdateInterval(), c.userConnectionLimit(), c.connectionLimit(),
                c.historyMaxPublicationLimit(), c.recoveryMaxPublicationLimit(), c.channelPositionCheckDelay(),
                c.connectIncludeServerTime());
        return EngineParts.builder(base.withClient(client), Clock.systemUTC()).version("test").build();
    }

    private void open(ProtocolType protocol) {
        open(protocol, false);
    }

    private void open(ProtocolType protocol, boolean anonymous) {
        transport = new WebSocketTransport(node(anonymous), protocol, java.util.Map.of());
        channel = new EmbeddedChannel();
        channel.freezeTime(); // session timers (stale close, close wait) run only when the test moves the clock
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(transport);
    }

    @AfterEach
    void noLeaks() {
        if (channel != null) {
            List<Object> left = new ArrayList<>();
            for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
                left.add(o);
            }
            left.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
            assertThat(left).as("frames nobody looked at").isEmpty();
        }
        assertThat(allocator.unreleased()).as("buffers allocated by the channel and never released").isEmpty();
        assertThat(inbound).as("inbound buffers released by the handler").allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] json(int i) {
        return ("{\"id\":" + i + ",\"rpc\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every outbound frame written so far. Data frames leave the transport already framed (raw
     * bytes): they are parsed back here, checking the RFC 6455 header a server must send.
     */
    private List<WebSocketFrame> outbound() {
        List<WebSocketFrame> out = new ArrayList<>();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            if (o instanceof ByteBuf raw) {
                out.add(parseServerFrame(raw));
                continue;
            }
            assertThat(o).isInstanceOf(WebSocketFrame.class);
            out.add((WebSocketFrame) o);
        }
        return out;
    }

    /** Parses one complete, unmasked, final data frame and releases the raw buffer. */
    static WebSocketFrame parseServerFrame(ByteBuf raw) {
        int first = raw.readUnsignedByte();
        assertThat(first & 0xF0).as("FIN set, no RSV bits").isEqualTo(0x80);
        int second = raw.readUnsignedByte();
        assertThat(second & 0x80).as("server frames are not masked").isZero();
        long length = second & 0x7F;
        if (length == 126) {
            length = raw.readUnsignedShort();
            assertThat(length).as("shortest length form").isGreaterThan(125);
        } else if (length == 127) {
            length = raw.readLong();
            assertThat(length).as("shortest length form").isGreaterThan(0xFFFF);
        }
        assertThat((long) raw.readableBytes()).as("one frame per buffer").isEqualTo(length);
        ByteBuf payload = raw.readRetainedSlice((int) length);
        raw.release();
        int opcode = first & 0x0F;
        assertThat(opcode).as("text or binary").isIn(1, 2);
        return opcode == 1 ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload);
    }

    private static String text(WebSocketFrame f) {
        assertThat(f).isInstanceOf(TextWebSocketFrame.class);
        String s = ((TextWebSocketFrame) f).text();
        release(f);
        return s;
    }

    private static byte[] bytes(WebSocketFrame f) {
        byte[] b = ByteBufUtil.getBytes(f.content());
        release(f);
        return b;
    }

    private static void release(WebSocketFrame f) {
        assertThat(f.release()).as("the test held the last reference").isTrue();
    }

    private void writeInbound(WebSocketFrame f) {
        inbound.add(f.content());
        channel.writeInbound(f);
    }

    // ------------------------------------------------------------------ unidirectional

    private void openUnidirectional(boolean join) {
        transport = new WebSocketTransport(node(true), ProtocolType.JSON, java.util.Map.of(),
                new WebSocketTransport.Mode(true, join, true));
        channel = new EmbeddedChannel();
        channel.freezeTime(); // session timers (stale close, close wait) run only when the test moves the clock
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(transport);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A push as the session encodes it for a unidirectional JSON connection. */
    private static byte[] bare(Push push) {
        try {
            return PushFormat.JSON_BARE.encode(push);
        } catch (io.xshathra.protocol.ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unidirectionalPushesAreBareOnePerFrameAndPingsAlsoGoAsPingFrames() {
        openUnidirectional(false);
        transport.write(bare(Push.newBuilder().setChannel("a")
                .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8("1"))).build()));
        transport.writePing(utf8("{}"));
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(3);
        assertThat(text(frames.get(0))).isEqualTo("{\"channel\":\"a\",\"pub\":{\"data\":1}}");
        assertThat(text(frames.get(1))).isEqualTo("{}");
        assertThat(frames.get(2)).isInstanceOf(PingWebSocketFrame.class);
        frames.get(2).release();
    }

    @Test
    void unidirectionalPushesMayBeJoined() {
        openUnidirectional(true);
        transport.write(bare(Push.newBuilder().setChannel("a").build()));
        transport.write(bare(Push.newBuilder().setChannel("b").build()));
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        assertThat(text(frames.get(0))).isEqualTo("{\"channel\":\"a\"}\n{\"channel\":\"b\"}");
    }

    @Test
    void unidirectionalCloseSendsADisconnectPushBeforeTheCloseFrame() {
        openUnidirectional(false);
        transport.close(new Disconnect(4001, "bye"));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(2);
        assertThat(text(frames.get(0))).isEqualTo("{\"disconnect\":{\"code\":4001,\"reason\":\"bye\"}}");
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(1);
        assertThat(close.statusCode()).isEqualTo(4001);
        close.release();
    }

    // ------------------------------------------------------------------ coalescing

    @Test
    void repliesOfOneTurnAreJoinedByNewlinesInOneTextFrame() {
        open(ProtocolType.JSON);
        transport.write(json(1));
        transport.write(json(2));
        transport.write(json(3));
        assertThat(channel.outboundMessages()).as("nothing before the end of the turn").isEmpty();
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        assertThat(text(frames.get(0))).isEqualTo("{\"id\":1,\"rpc\":{}}\n{\"id\":2,\"rpc\":{}}\n{\"id\":3,\"rpc\":{}}");
    }

    @Test
    void aSingleReplyIsSentAsIs() {
        open(ProtocolType.JSON);
        transport.write(json(7));
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        assertThat(text(frames.get(0))).isEqualTo("{\"id\":7,\"rpc\":{}}");
    }

    @Test
    void atMostSixteenRepliesPerFrame() {
        open(ProtocolType.JSON);
        for (int i = 1; i <= 40; i++) {
            transport.write(json(i));
        }
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(3);
        List<String> lines = new ArrayList<>();
        int[] sizes = new int[3];
        for (int f = 0; f < 3; f++) {
            String[] split = text(frames.get(f)).split("\n", -1);
            sizes[f] = split.length;
            lines.addAll(Arrays.asList(split));
        }
        assertThat(sizes).containsExactly(16, 16, 8);
        for (int i = 1; i <= 40; i++) {
            assertThat(lines.get(i - 1)).isEqualTo(new String(json(i), StandardCharsets.UTF_8));
        }
    }

    @Test
    void eachTurnGetsItsOwnFrame() {
        open(ProtocolType.JSON);
        transport.write(json(1));
        channel.runPendingTasks();
        transport.write(json(2));
        transport.write(json(3));
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(2);
        assertThat(text(frames.get(0))).isEqualTo("{\"id\":1,\"rpc\":{}}");
        assertThat(text(frames.get(1))).isEqualTo("{\"id\":2,\"rpc\":{}}\n{\"id\":3,\"rpc\":{}}");
    }

    @Test
    void protobufRepliesAreConcatenatedInBinaryFrames() throws Exception {
        open(ProtocolType.PROTOBUF);
        for (int i = 1; i <= 20; i++) {
            transport.write(ProtobufCodec.INSTANCE.encodeReply(Reply.newBuilder().setId(i).build()));
        }
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(BinaryWebSocketFrame.class));
        List<Integer> ids = new ArrayList<>();
        int[] counts = new int[2];
        for (int f = 0; f < 2; f++) {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes(frames.get(f)));
            while (in.available() > 0) {
                ids.add(Reply.parseDelimitedFrom(in).getId());
                counts[f]++;
            }
        }
        assertThat(counts).containsExactly(16, 4);
        assertThat(ids).isEqualTo(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
    }

    @Test
    void commandsOfOneFrameAreAnsweredInOneFrame() {
        open(ProtocolType.JSON, true);
        writeInbound(new TextWebSocketFrame("{\"id\":1,\"connect\":{}}\n{\"id\":2,\"ping\":{}}"));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        String[] lines = text(frames.get(0)).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"id\":1,\"connect\":{\"client\":\"");
        assertThat(lines[1]).isEqualTo("{\"id\":2,\"error\":{\"code\":108,\"message\":\"not available\"}}");
    }

    // ------------------------------------------------------------------ backpressure

    @Test
    void framesReadWhilePausedAreHeldAndHandedOnInOrderWhenReadingResumes() {
        open(ProtocolType.JSON, true);
        transport.pauseReading();
        assertThat(channel.config().isAutoRead()).isFalse();
        writeInbound(new TextWebSocketFrame("{\"id\":1,\"connect\":{}}"));
        writeInbound(new TextWebSocketFrame("{\"id\":2,\"ping\":{}}"));
        channel.runPendingTasks();
        assertThat(outbound()).as("held, not served").isEmpty();

        transport.resumeReading();
        assertThat(channel.config().isAutoRead()).as("not before the held frames are through").isFalse();
        channel.runPendingTasks();
        List<String> lines = new ArrayList<>();
        for (WebSocketFrame f : outbound()) {
            lines.addAll(Arrays.asList(text(f).split("\n")));
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"id\":1,\"connect\":{");
        assertThat(lines.get(1)).startsWith("{\"id\":2,\"error\":");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void tooMuchArrivingWhilePausedClosesAsSlow() {
        open(ProtocolType.JSON, true);
        writeInbound(new TextWebSocketFrame("{\"id\":1,\"connect\":{}}"));
        assertThat(outbound()).hasSize(1).allSatisfy(f -> text(f));
        transport.pauseReading();
        String big = "{\"id\":2,\"rpc\":{\"data\":\"" + "z".repeat(600_000) + "\"}}";
        writeInbound(new TextWebSocketFrame(big));
        assertThat(outbound()).as("one large frame is held").isEmpty();
        writeInbound(new TextWebSocketFrame(big));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(0);
        assertThat(close.statusCode()).isEqualTo(3008);
        release(close);
    }

    @Test
    void resumingWithNothingHeldReadsAgainAtOnce() {
        open(ProtocolType.JSON, true);
        transport.pauseReading();
        transport.resumeReading();
        assertThat(channel.config().isAutoRead()).isTrue();
    }


    @Test
    void closeFlushesQueuedRepliesThenSendsTheCodeAndReason() {
        open(ProtocolType.JSON);
        transport.write(json(1));
        transport.write(json(2));
        transport.close(new Disconnect(3501, "bad request"));
        transport.write(json(3));
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(2);
        assertThat(text(frames.get(0))).isEqualTo("{\"id\":1,\"rpc\":{}}\n{\"id\":2,\"rpc\":{}}");
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(1);
        assertThat(close.statusCode()).isEqualTo(3501);
        assertThat(close.reasonText()).isEqualTo("bad request");
        release(close);

        transport.close(Disconnect.SHUTDOWN);
        channel.runPendingTasks();
        assertThat(outbound()).as("close is idempotent").isEmpty();
        assertThat(channel.isOpen()).as("waits for the peer's close frame").isTrue();
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("closed after the close wait").isFalse();
    }

    @Test
    void aDisconnectFromTheSessionBecomesACloseFrame() {
        open(ProtocolType.JSON, false);
        writeInbound(new TextWebSocketFrame("{\"id\":1,\"connect\":{}}"));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(0);
        assertThat(close.statusCode()).isEqualTo(3501);
        assertThat(close.reasonText()).isEqualTo("bad request");
        release(close);
    }

    @Test
    void longCloseReasonsAreCutToFitAControlFrame() {
        open(ProtocolType.JSON);
        String reason = "é".repeat(100); // 200 bytes of two-byte characters
        transport.close(new Disconnect(4000, reason));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(0);
        int payload = close.content().readableBytes();
        String sent = close.reasonText();
        release(close);
        assertThat(payload).as("a control frame carries at most 125 bytes").isLessThanOrEqualTo(125);
        assertThat(reason).as("cut on a character boundary").startsWith(sent);
        assertThat(sent).hasSize(61);
    }

    @Test
    void peerCloseIsAnsweredAndTheSessionCleanedUp() {
        open(ProtocolType.JSON, true);
        writeInbound(new TextWebSocketFrame("{\"id\":1,\"connect\":{}}"));
        text(outbound().get(0));
        writeInbound(new CloseWebSocketFrame(1000, "bye"));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(0);
        assertThat(close.statusCode()).isEqualTo(1000);
        release(close);
        assertThat(channel.isOpen()).isFalse();
        transport.write(json(9));
        channel.runPendingTasks();
        assertThat(outbound()).isEmpty();
    }

    @Test
    void pingIsAnsweredWithTheSamePayload() {
        open(ProtocolType.JSON);
        writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)));
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).isInstanceOf(PongWebSocketFrame.class);
        assertThat(new String(bytes(frames.get(0)), StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    // ------------------------------------------------------------------ slow clients

    @Test
    void anUnwritableChannelClosesWith3008AndDropsTheQueue() {
        open(ProtocolType.JSON);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(64, 128));
        for (int i = 1; i <= 40; i++) {
            transport.write(json(i));
        }
        channel.runPendingTasks();
        List<WebSocketFrame> frames = outbound();
        assertThat(frames).hasSize(2);
        assertThat(text(frames.get(0)).split("\n")).as("the frame that crossed the mark").hasSize(16);
        CloseWebSocketFrame close = (CloseWebSocketFrame) frames.get(1);
        assertThat(close.statusCode()).isEqualTo(3008);
        assertThat(close.reasonText()).isEqualTo("slow");
        release(close);

        transport.write(json(41));
        channel.runPendingTasks();
        assertThat(outbound()).as("nothing after the close").isEmpty();
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void writesAfterTheChannelWentAwayAreDropped() {
        open(ProtocolType.JSON, true);
        writeInbound(new TextWebSocketFrame("{\"id\":1,\"connect\":{}}"));
        text(outbound().get(0));
        channel.close();
        transport.write(json(2));
        transport.close(Disconnect.SHUTDOWN);
        channel.runPendingTasks();
        assertThat(outbound()).isEmpty();
    }
}
