package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.xshathra.engine.Node;
import io.xshathra.engine.emulation.EmulationRouter;
import io.xshathra.engine.emulation.LocalEmulationRouter;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.ProtobufCodec;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import com.google.protobuf.ByteString;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.Reply;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamTransport} on an {@link EmbeddedChannel}: the framing of each streaming
 * transport (JSON lines, varint-delimited Protobuf, SSE events, bare pushes), one chunk per
 * event-loop turn, the disconnect push and end of stream, and the emulation session registry.
 */
class StreamTransportTest {
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final Node node = TestServer.anonymousNode();
    private final LocalEmulationRouter sessions = new LocalEmulationRouter(node.id());
    private EmbeddedChannel channel;
    private StreamTransport transport;


    private void open(StreamFraming framing, ProtocolType protocol, boolean unidirectional) {
        transport = new StreamTransport(node, new StreamTransport.Kind("test", framing, unidirectional), protocol,
                unidirectional ? null : sessions, Map.of());
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
        }
        assertThat(allocator.unreleased()).as("buffers allocated by the channel and never released").isEmpty();
    }

    /** The chunks written so far, copied out and released; the end of the stream as "<end>". */
    private List<byte[]> chunks() {
        channel.runPendingTasks();
        List<byte[]> out = new ArrayList<>();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            HttpContent c = (HttpContent) o;
            out.add(c instanceof LastHttpContent ? "<end>".getBytes(StandardCharsets.US_ASCII)
                    : ByteBufUtil.getBytes(c.content()));
            c.release();
        }
        return out;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesEndEveryMessageWithANewlineAndShareOneChunkPerTurn() {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, false);
        transport.write(json("{\"id\":1,\"rpc\":{}}"));
        transport.write(json("{}"));
        transport.write(json("{\"push\":{\"channel\":\"a\"}}"));
        List<byte[]> chunks = chunks();
        assertThat(chunks).hasSize(1);
        assertThat(text(chunks.get(0))).isEqualTo("{\"id\":1,\"rpc\":{}}\n{}\n{\"push\":{\"channel\":\"a\"}}\n");
    }

    @Test
    void sseWritesOneDataEventPerMessage() {
        open(StreamFraming.SSE, ProtocolType.JSON, false);
        transport.write(json("{\"id\":1,\"rpc\":{}}"));
        transport.write(json("{}"));
        assertThat(text(chunks().get(0))).isEqualTo("data: {\"id\":1,\"rpc\":{}}\n\ndata: {}\n\n");
    }

    @Test
    void protobufMessagesKeepTheirLengthPrefixes() throws Exception {
        open(StreamFraming.PROTOBUF, ProtocolType.PROTOBUF, false);
        transport.write(ProtobufCodec.INSTANCE.encodeReply(Reply.newBuilder().setId(7).build()));
        transport.write(ProtobufCodec.INSTANCE.encodeReply(Reply.getDefaultInstance()));
        byte[] chunk = chunks().get(0);
        ByteArrayInputStream in = new ByteArrayInputStream(chunk);
        assertThat(Reply.parseDelimitedFrom(in).getId()).isEqualTo(7);
        assertThat(Reply.parseDelimitedFrom(in)).isEqualTo(Reply.getDefaultInstance());
        assertThat(in.available()).isZero();
    }

    @Test
    void unidirectionalStreamsSendPushesBareAndPingsAsEmptyObjects() throws Exception {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, true);
        transport.write(PushFormat.JSON_BARE.encode(Push.newBuilder().setChannel("news")
                .setPub(Publication.newBuilder().setData(ByteString.copyFromUtf8("{\"v\":1}"))).build()));
        transport.writePing(json("{}"));
        assertThat(text(chunks().get(0))).isEqualTo("{\"channel\":\"news\",\"pub\":{\"data\":{\"v\":1}}}\n{}\n");
    }

    @Test
    void bidirectionalConnectCarriesSessionAndNode() {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, false);
        transport.session().handleFrame(json("{\"id\":1,\"connect\":{}}"));
        String reply = text(chunks().get(0));
        assertThat(reply).startsWith("{\"id\":1,\"connect\":{").endsWith("}\n")
                .contains("\"session\":\"" + transport.sessionId() + "\"", "\"node\":\"" + node.id() + "\"");
        assertThat(reply).doesNotContain("\"pong\"");
    }

    @Test
    void unidirectionalConnectIsAConnectPushWithASessionButNoNode() {
        open(StreamFraming.SSE, ProtocolType.JSON, true);
        transport.session().connectUnidirectional(ConnectRequest.getDefaultInstance());
        String push = text(chunks().get(0));
        assertThat(push).startsWith("data: {\"connect\":{").contains("\"session\":\"" + transport.sessionId() + "\"")
                .doesNotContain("\"node\"", "\"push\"");
    }

    @Test
    void closingWritesADisconnectPushThenEndsTheResponse() {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, false);
        transport.write(json("{}"));
        transport.close(new Disconnect(4000, "custom"));
        List<String> out = chunks().stream().map(StreamTransportTest::text).toList();
        assertThat(out).containsExactly("{}\n{\"push\":{\"disconnect\":{\"code\":4000,\"reason\":\"custom\"}}}\n", "<end>");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aSlowClientIsDroppedWithoutMoreWrites() {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, false);
        transport.write(json("{}"));
        transport.close(Disconnect.SLOW);
        assertThat(chunks()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void emulationRequestsReachTheSessionUntilTheStreamCloses() throws Exception {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, false);
        transport.session().handleFrame(json("{\"id\":1,\"connect\":{}}"));
        chunks();
        byte[] frame = json("{\"id\":2,\"rpc\":{\"method\":\"x\"}}");
        assertThat(sessions.route("elsewhere", transport.sessionId(), frame).toCompletableFuture().get())
                .isEqualTo(EmulationRouter.Outcome.UNKNOWN_NODE);
        assertThat(sessions.route(node.id(), "nope", frame).toCompletableFuture().get())
                .isEqualTo(EmulationRouter.Outcome.UNKNOWN_SESSION);
        assertThat(sessions.route(node.id(), transport.sessionId(), frame).toCompletableFuture().get())
                .isEqualTo(EmulationRouter.Outcome.DELIVERED);
        assertThat(text(chunks().get(0))).startsWith("{\"id\":2,\"error\":{\"code\":108");
        channel.close();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void aBadEmulatedFrameClosesOnlyThatConnectionWith3501() {
        open(StreamFraming.JSON_LINES, ProtocolType.JSON, false);
        transport.session().handleFrame(json("{\"id\":1,\"connect\":{}}"));
        chunks();
        sessions.deliverLocal(transport.sessionId(), json("{not json"));
        List<String> out = chunks().stream().map(StreamTransportTest::text).toList();
        assertThat(out).containsExactly("{\"push\":{\"disconnect\":{\"code\":3501,\"reason\":\"bad request\"}}}\n", "<end>");
    }
}
