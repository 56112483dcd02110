package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.xshathra.engine.Node;
import io.xshathra.engine.client.Transport;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import io.xshathra.netty.WireUnits.Split;
import io.xshathra.netty.WireUnits.Type;
import io.xshathra.netty.WireUnits.Unit;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link Transport} contract, the same for every transport on an {@link EmbeddedChannel}
 * with paranoid leak detection and a tracking allocator: what is written arrives framed and
 * decodable; the writes of one turn share the fewest frames or one chunk and one flush; a
 * consumer that lets its unsent bytes pass the limit is closed with 3008 and loses nothing it
 * was sent before; close sends what is queued, the disconnect push where the transport has one
 * and the end, exactly once; abort sends nothing; writes after the end are ignored; a
 * unidirectional connection gets bare pushes.
 */
class TransportContractTest {
    private static ResourceLeakDetector.Level leakLevel;

    /** Every transport and what its wire looks like. */
    enum Subject {
        WEBSOCKET_JSON(Split.NEWLINE_JOINED, 16, false, true),
        WEBSOCKET_PROTOBUF(Split.VARINT, 16, false, true),
        WEBSOCKET_DEFLATE(Split.NEWLINE_JOINED, 16, false, true),
        UNI_WEBSOCKET(Split.NEWLINE_JOINED, 1, true, true),
        UNI_WEBSOCKET_JOINED(Split.NEWLINE_JOINED, 16, true, true),
        HTTP_STREAM_JSON(Split.NEWLINE_TERMINATED, Integer.MAX_VALUE, true, false),
        HTTP_STREAM_PROTOBUF(Split.VARINT, Integer.MAX_VALUE, true, false),
        SSE(Split.SSE, Integer.MAX_VALUE, true, false),
        UNI_HTTP_STREAM(Split.NEWLINE_TERMINATED, Integer.MAX_VALUE, true, false),
        UNI_SSE(Split.SSE, Integer.MAX_VALUE, true, false);

        final Split split;
        /** Most messages one frame or chunk carries. */
        final int perUnit;
        final boolean disconnectPush;
        /** WebSocket: ends with a close frame (also for a slow consumer), streams with the last chunk. */
        final boolean webSocket;

        Subject(Split split, int perUnit, boolean disconnectPush, boolean webSocket) {
            this.split = split;
            this.perUnit = perUnit;
            this.disconnectPush = disconnectPush;
            this.webSocket = webSocket;
        }

        boolean unidirectional() {
            return name().startsWith("UNI_");
        }

        ProtocolType protocol() {
            return name().endsWith("PROTOBUF") ? ProtocolType.PROTOBUF : ProtocolType.JSON;
        }
    }

    /**
     * An embedded channel whose socket can stop taking bytes, so they wait in the outbound buffer.
     * Its clock is frozen: time passes only when a test advances it. The session under test never
     * connects, so its stale timer (3502 after {@code client.stale_close_delay}, 10 s) is armed;
     * on the wall clock a slow machine reaches it while a large turn is still being written (the
     * embedded channel runs due timers after each write it performs), and that disconnect then
     * takes the place of the outcome under test.
     */
    private static final class StallingChannel extends EmbeddedChannel {
        boolean stalled;

        StallingChannel() {
            freezeTime();
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) throws Exception {
            if (!stalled) {
                super.doWrite(in);
            }
        }
    }

    private final TrackingAllocator allocator = new TrackingAllocator();
    private final Node node = TestServer.anonymousNode();
    private StallingChannel channel;
    private EmbeddedChannel inflater;
    private WireUnits wire;
    private Transport transport;
    private Subject subject;

    @BeforeAll
    static void paranoid() {
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restore() {
        ResourceLeakDetector.setLevel(leakLevel);
    }


    private void open(Subject s) {
        subject = s;
        channel = new StallingChannel();
        channel.config().setAllocator(allocator);
        if (s == Subject.WEBSOCKET_DEFLATE) {
            WebSocketServerExtension ext = new Deflate(new TransportSettings.Compression(true, 6, 0), 1 << 20)
                    .negotiate("permessage-deflate");
            inflater = new EmbeddedChannel(new PerMessageDeflateClientExtensionHandshaker()
                    .handshakeExtension(ext.newReponseData()).newExtensionDecoder());
            wire = new WireUnits(s.split, inflater);
            channel.pipeline().addLast(wire, ext.newExtensionEncoder());
        } else {
            wire = new WireUnits(s.split, null);
            channel.pipeline().addLast(wire);
        }
        transport = newTransport(s);
        channel.pipeline().addLast((ChannelHandler) transport);
        if (s == Subject.WEBSOCKET_DEFLATE) {
            ((WebSocketTransport) transport).compressFrames();
        }
    }

    private Transport newTransport(Subject s) {
        Map<String, List<String>> query = Map.of();
        return switch (s) {
            case WEBSOCKET_JSON, WEBSOCKET_DEFLATE -> new WebSocketTransport(node, ProtocolType.JSON, query);
            case WEBSOCKET_PROTOBUF -> new WebSocketTransport(node, ProtocolType.PROTOBUF, query);
            case UNI_WEBSOCKET -> new WebSocketTransport(node, ProtocolType.JSON, query,
                    new WebSocketTransport.Mode(true, false, true));
            case UNI_WEBSOCKET_JOINED -> new WebSocketTransport(node, ProtocolType.JSON, query,
                    new WebSocketTransport.Mode(true, true, true));
            case HTTP_STREAM_JSON -> stream("http_stream", StreamFraming.JSON_LINES, ProtocolType.JSON, false);
            case HTTP_STREAM_PROTOBUF -> stream("http_stream", StreamFraming.PROTOBUF, ProtocolType.PROTOBUF, false);
            case SSE -> stream("sse", StreamFraming.SSE, ProtocolType.JSON, false);
            case UNI_HTTP_STREAM -> stream("uni_http_stream", StreamFraming.JSON_LINES, ProtocolType.JSON, true);
            case UNI_SSE -> stream("uni_sse", StreamFraming.SSE, ProtocolType.JSON, true);
        };
    }

    private StreamTransport stream(String name, StreamFraming framing, ProtocolType protocol, boolean uni) {
        return new StreamTransport(node, new StreamTransport.Kind(name, framing, uni), protocol,
                uni ? null : new LocalEmulationRouter(node.id()), Map.of());
    }

    @AfterEach
    void noLeaks() {
        if (channel != null) {
            channel.stalled = false;
            for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
                ReferenceCountUtil.release(o);
            }
            channel.finishAndReleaseAll();
        }
        if (inflater != null) {
            inflater.finishAndReleaseAll();
        }
        assertThat(allocator.unreleased()).as("buffers allocated by the channel and never released").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** Message {@code i}: a publication push as the session hands it to this transport. */
    private byte[] message(int i, int dataBytes) {
        java.util.Random random = new java.util.Random(i);
        StringBuilder pad = new StringBuilder(dataBytes);
        for (int k = 0; k < dataBytes; k++) {
            // letters and digits at random: compression (permessage-deflate) cannot shrink them much
            pad.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(random.nextInt(62)));
        }
        String data = "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}";
        return encode(Push.newBuilder().setChannel("c")
                .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8(data)).setOffset(i)).build());
    }

    private byte[] message(int i) {
        return message(i, 4);
    }

    private byte[] encode(Push push) {
        try {
            return transport.pushFormat().encode(push);
        } catch (io.xshathra.protocol.ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] disconnectPush(Disconnect d) {
        return encode(Push.newBuilder().setDisconnect(io.xshathra.protocol.proto.Disconnect.newBuilder()
                .setCode(d.code()).setReason(d.reason())).build());
    }

    /**
     * Runs the event loop's turn, the end-of-turn flush included, until nothing more is due: a
     * flush pass that used up its time slice goes on in a pass scheduled at once ({@link FlushBatch}).
     * The clock is frozen, so no timer the test did not move the clock to runs.
     */
    private List<Unit> turn() {
        for (int i = 0; i < 1_000 && channel.hasPendingTasks(); i++) {
            channel.runPendingTasks();
        }
        assertThat(channel.hasPendingTasks()).as("the turn settled").isFalse();
        return wire.take();
    }

    private static List<String> texts(List<byte[]> messages) {
        return messages.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    private static List<byte[]> dataOf(List<Unit> units) {
        List<byte[]> out = new ArrayList<>();
        for (Unit u : units) {
            assertThat(u.type()).isEqualTo(Type.DATA);
            out.addAll(u.messages());
        }
        return out;
    }

    private long disconnects(Disconnect d) {
        LongAdder n = node.metrics().disconnects().get(d.code());
        return n == null ? 0 : n.sum();
    }

    // ------------------------------------------------------------------ the contract

    @ParameterizedTest
    @EnumSource(Subject.class)
    void aWriteArrivesFramedAndDecodable(Subject s) {
        open(s);
        byte[] m = message(1);
        transport.write(m);
        assertThat(wire.units).as("nothing leaves before the end of the turn").isEmpty();
        List<Unit> units = turn();
        assertThat(units).hasSize(1);
        assertThat(texts(units.get(0).messages())).containsExactly(new String(m, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void writesOfOneTurnShareTheFewestUnitsAndOneFlush(Subject s) {
        open(s);
        int n = 20;
        List<byte[]> written = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            written.add(message(i));
            transport.write(written.get(i - 1));
        }
        int flushesBefore = wire.flushes;
        List<Unit> units = turn();
        assertThat(wire.flushes - flushesBefore).as("one flush per turn").isEqualTo(1);
        int perUnit = Math.min(s.perUnit, n);
        assertThat(units).hasSize((n + perUnit - 1) / perUnit);
        assertThat(units.get(0).messages()).hasSize(perUnit);
        assertThat(texts(dataOf(units))).containsExactlyElementsOf(texts(written));

        transport.write(message(21));
        assertThat(turn()).as("the next turn gets its own unit").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void aSlowConsumerIsClosedWith3008AndLosesNothingItWasSentBefore(Subject s) {
        open(s);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 2048));
        channel.stalled = true;
        List<byte[]> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.add(message(i, 100));
            transport.write(sent.get(i - 1));
        }
        assertThat(texts(dataOf(turn()))).as("under the mark: written, waiting for the socket")
                .containsExactlyElementsOf(texts(sent));
        assertThat(channel.isWritable()).isTrue();

        transport.write(message(4, 6000));
        transport.write(message(5));
        List<Unit> units = turn();
        assertThat(disconnects(Disconnect.SLOW)).isEqualTo(1);
        assertThat(units).as("the unit that crossed the mark, then the end").isNotEmpty();
        assertThat(texts(units.get(0).messages()).get(0)).as("the crossing unit").isEqualTo(
                new String(message(4, 6000), StandardCharsets.ISO_8859_1));
        if (s.webSocket) {
            Unit close = units.get(units.size() - 1);
            assertThat(close.type()).isEqualTo(Type.CLOSE);
            assertThat(close.code()).isEqualTo(3008);
            assertThat(close.reason()).isEqualTo("slow");
            assertThat(units).as("no disconnect push for a slow consumer")
                    .allSatisfy(u -> assertThat(u.type() == Type.DATA && texts(u.messages()).contains(
                            new String(disconnectPush(Disconnect.SLOW), StandardCharsets.ISO_8859_1))).isFalse());
            channel.advanceTimeBy(5, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }
        assertThat(channel.isOpen()).isFalse();
        transport.write(message(6));
        assertThat(turn()).as("nothing after the close").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void aTurnQueuingMoreThanTheBoundIsClosedWith3008AfterWhatWasAccepted(Subject s) {
        open(s);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1 << 25, 1 << 26));
        byte[] m = message(1);
        for (int i = 0; i < Outbound.MAX_QUEUED; i++) {
            transport.write(m);
        }
        transport.write(message(2));
        List<Unit> units = turn();
        assertThat(disconnects(Disconnect.SLOW)).isEqualTo(1);
        List<Unit> data = units.stream().filter(u -> u.type() == Type.DATA).toList();
        List<byte[]> accepted = dataOf(data);
        assertThat(accepted).as("every accepted message, and not the one past the bound").hasSize(Outbound.MAX_QUEUED)
                .allSatisfy(b -> assertThat(b).isEqualTo(m));
        if (s.webSocket) {
            Unit close = units.get(units.size() - 1);
            assertThat(close.type()).isEqualTo(Type.CLOSE);
            assertThat(close.code()).isEqualTo(3008);
        } else {
            assertThat(channel.isOpen()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void closeSendsTheQueueThePushAndTheEndExactlyOnce(Subject s) {
        open(s);
        byte[] m = message(1);
        transport.write(m);
        Disconnect bye = new Disconnect(4001, "bye");
        transport.close(bye);
        transport.close(bye);
        transport.close(Disconnect.SHUTDOWN);
        List<Unit> units = turn();

        List<String> expected = new ArrayList<>(List.of(new String(m, StandardCharsets.ISO_8859_1)));
        if (s.disconnectPush) {
            expected.add(new String(disconnectPush(bye), StandardCharsets.ISO_8859_1));
        }
        Unit end = units.get(units.size() - 1);
        assertThat(texts(dataOf(units.subList(0, units.size() - 1)))).containsExactlyElementsOf(expected);
        if (s.webSocket) {
            assertThat(end.type()).isEqualTo(Type.CLOSE);
            assertThat(end.code()).isEqualTo(4001);
            assertThat(end.reason()).isEqualTo("bye");
            channel.advanceTimeBy(5, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        } else {
            assertThat(end.type()).isEqualTo(Type.END);
        }
        assertThat(channel.isOpen()).isFalse();
        transport.close(bye);
        transport.abort();
        assertThat(turn()).as("closed once").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void abortSendsNothing(Subject s) {
        open(s);
        transport.write(message(1));
        transport.abort();
        transport.abort();
        assertThat(turn()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void writesAfterTheEndAreIgnoredWithoutLeaks(Subject s) {
        open(s);
        transport.close(Disconnect.SHUTDOWN);
        turn();
        for (int i = 0; i < 3; i++) {
            transport.write(message(i));
        }
        assertThat(turn()).isEmpty();
        channel.close();
        transport.write(message(9));
        transport.close(Disconnect.SHUTDOWN);
        assertThat(turn()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void unidirectionalConnectionsGetBarePushesAndOthersReplies(Subject s) {
        open(s);
        assertThat(transport.unidirectional()).isEqualTo(s.unidirectional());
        assertThat(transport.pushFormat()).isEqualTo(PushFormat.of(s.protocol(), s.unidirectional()));
        if (!s.unidirectional()) {
            if (s.protocol() == ProtocolType.JSON) {
                assertThat(new String(message(1), StandardCharsets.UTF_8)).startsWith("{\"push\":{\"channel\":\"c\"");
            } else {
                assertThat(parseReply(message(1)).getPush().getChannel()).isEqualTo("c");
            }
            return;
        }
        if (transport instanceof StreamTransport st) {
            st.session().connectUnidirectional(ConnectRequest.getDefaultInstance());
        } else {
            ((WebSocketTransport) transport).connectUnidirectional(ConnectRequest.getDefaultInstance());
        }
        List<Unit> units = turn();
        String connect = texts(units.get(0).messages()).get(0);
        assertThat(connect).startsWith("{\"connect\":{").doesNotContain("\"push\"");
        transport.close(Disconnect.SHUTDOWN);
        List<String> rest = texts(dataOf(turn().stream().filter(u -> u.type() == Type.DATA).toList()));
        assertThat(rest).containsExactly("{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}");
    }

    private static io.xshathra.protocol.proto.Reply parseReply(byte[] delimited) {
        try {
            return io.xshathra.protocol.proto.Reply.parseDelimitedFrom(new java.io.ByteArrayInputStream(delimited));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
