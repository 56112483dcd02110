package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.xshathra.protocol.fuzz.CommandCorpus;
import io.xshathra.protocol.fuzz.FuzzTarget;
import io.xshathra.protocol.fuzz.Mutation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzes the server's network edge through its real pipeline on an {@link EmbeddedChannel}:
 * HTTP/1.1 requests to every endpoint (API, emulation, HTTP-streaming, SSE, WebSocket upgrades,
 * health, unknown paths) mutated at byte level and fed in random slices, and WebSocket sessions
 * (JSON and Protobuf, with and without permessage-deflate) whose frames carry mutated command
 * batches after a real handshake and connect. For every input: no exception escapes the
 * pipeline, no 500 is answered, every buffer the connection allocated is released, within the
 * per-input limit; and after each target Netty's paranoid leak detector has reported nothing.
 */
class HttpEdgeFuzzTest {
    private static final String TOKEN = TestServer.token("fuzz-user");
    private static final String UPGRADE = "GET /connection/websocket%s HTTP/1.1\r\nHost: fuzz\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: %s\r\n%s\r\n";
    private static final List<byte[]> HTTP_TOKENS = Mutation.utf8(List.of("\r\n", "\r\n\r\n", "\n", ": ", " ",
            "HTTP/1.1", "HTTP/1.0", "Content-Length: 0\r\n", "Content-Length: 99999999999\r\n",
            "Transfer-Encoding: chunked\r\n", "0\r\n\r\n", "ffffffff\r\n", "Expect: 100-continue\r\n",
            "Connection: close\r\n", "Origin: http://evil.example\r\n", "%", "%zz", "?", "&", "=", "#", "/../",
            "\u0000", "Content-Type: application/octet-stream\r\n", "Sec-WebSocket-Version: 8\r\n"));
    private static final List<byte[]> JSON_TOKENS = Mutation.utf8(CommandCorpus.JSON_TOKENS);

    private final FuzzEdge edge = new FuzzEdge();

    @AfterProperty
    void figures() {
        try {
            edge.assertNoLeakReports();
        } finally {
            edge.close();
        }
    }

    @Property
    void httpRequests(@ForAll("requests") byte[] wire, @ForAll("slices") List<Integer> slices) {
        FuzzTarget t = edge.target("edge.http.requests");
        if (!t.begin(wire)) {
            return;
        }
        String out = feed(wire, slices);
        t.end(out.isEmpty() ? "silent" : out.substring(0, Math.min(12, out.length())).trim());
    }

    @Property
    void websocketFrames(@ForAll("websocket") byte[] wire, @ForAll("slices") List<Integer> slices) {
        FuzzTarget t = edge.target("edge.websocket.frames");
        if (!t.begin(wire)) {
            return;
        }
        String out = feed(wire, slices);
        assertThat(out).startsWith("HTTP/1.1 101");
        t.end(out.contains("\"disconnect\"") || out.indexOf((char) 0x88) >= 0 ? "closed" : "open");
    }

    /** Feeds the bytes in slices, runs the loop's tasks, and returns what was written back. */
    private String feed(byte[] wire, List<Integer> slices) {
        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel ch = edge.connection(allocator);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i = 0; at < wire.length && ch.isOpen(); i++) {
            int n = i < slices.size() ? Math.max(1, slices.get(i)) : wire.length - at;
            n = Math.min(n, wire.length - at);
            ch.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
            at += n;
            ch.runPendingTasks();
            out.append(FuzzEdge.drain(ch));
        }
        for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        String written = out.toString();
        assertThat(written).as("answer to %s", FuzzTarget.hex(wire)).doesNotContain("HTTP/1.1 500");
        FuzzEdge.finish(ch, allocator, wire);
        return written;
    }

    @Provide
    Arbitrary<List<Integer>> slices() {
        return Arbitraries.integers().between(1, 300).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<byte[]> requests() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(5)).as((seed, edits) ->
                Mutation.apply(request(new Random(seed)), edits, HTTP_TOKENS));
    }

    /** One valid request to a random endpoint, sometimes followed by a pipelined second one. */
    private static byte[] request(Random r) {
        String json = new String(CommandCorpus.jsonFrame(r, TOKEN), StandardCharsets.UTF_8);
        String body;
        String head;
        switch (r.nextInt(8)) {
            case 0 -> {
                body = "{\"channel\":\"chat:room\",\"data\":{\"text\":\"hi\"}}";
                head = "POST /api/" + (r.nextBoolean() ? "publish" : "history") + " HTTP/1.1\r\nX-API-Key: "
                        + TestServer.API_KEY + "\r\nContent-Type: application/json\r\n";
            }
            case 1 -> {
                body = "{\"session\":\"" + java.util.UUID.randomUUID() + "\",\"data\":" + quote(json) + "}";
                head = "POST /emulation HTTP/1.1\r\nContent-Type: application/json\r\n";
            }
            case 2 -> {
                body = json;
                head = "POST /connection/" + (r.nextBoolean() ? "http_stream" : "uni_http_stream")
                        + " HTTP/1.1\r\nContent-Type: application/json\r\n";
            }
            case 3 -> {
                body = "";
                head = "GET /connection/" + (r.nextBoolean() ? "sse" : "uni_sse") + "?cf_connect="
                        + java.net.URLEncoder.encode(CommandCorpus.json(CommandCorpus.connect(TOKEN)),
                        StandardCharsets.UTF_8) + " HTTP/1.1\r\n";
            }
            case 4 -> {
                return upgrade(r, r.nextBoolean(), r.nextBoolean());
            }
            case 5 -> {
                body = "";
                head = "GET /connection/uni_websocket?cf_connect=%7B%7D HTTP/1.1\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n";
            }
            case 6 -> {
                body = "";
                head = "OPTIONS /emulation HTTP/1.1\r\nOrigin: http://a.example\r\n"
                        + "Access-Control-Request-Method: POST\r\n";
            }
            default -> {
                body = r.nextBoolean() ? "" : json;
                head = (r.nextBoolean() ? "GET /health" : "DELETE /nope/x?y=%41") + " HTTP/1.1\r\n";
            }
        }
        String req = head + "Host: fuzz\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body;
        return (r.nextInt(4) == 0 ? req + req : req).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] upgrade(Random r, boolean protobuf, boolean deflate) {
        return String.format(UPGRADE, protobuf ? "?format=protobuf" : "",
                protobuf ? "centrifuge-protobuf" : "centrifuge-json",
                deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Provide
    Arbitrary<byte[]> websocket() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(5), Mutation.edits(1)).as(
                (seed, payloadEdits, wireEdits) -> {
                    Random r = new Random(seed);
                    boolean protobuf = r.nextBoolean();
                    ByteArrayOutputStream frames = new ByteArrayOutputStream();
                    byte[] connect = protobuf ? CommandCorpus.delimited(CommandCorpus.connect(TOKEN))
                            : CommandCorpus.json(CommandCorpus.connect(TOKEN)).getBytes(StandardCharsets.UTF_8);
                    frames.writeBytes(FuzzEdge.frame(protobuf ? 2 : 1, true, connect, r.nextInt()));
                    byte[] batch = protobuf ? CommandCorpus.protobufFrame(r, TOKEN) : CommandCorpus.jsonFrame(r, TOKEN);
                    batch = Mutation.apply(batch, payloadEdits, JSON_TOKENS);
                    frames.writeBytes(wsFrames(r, protobuf, batch));
                    byte[] wire = Mutation.apply(frames.toByteArray(), wireEdits, List.of());
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    all.writeBytes(upgrade(r, protobuf, false));
                    all.writeBytes(wire);
                    return all.toByteArray();
                });
    }

    /** The batch as one data frame, or split over continuation frames, with control frames between. */
    private static byte[] wsFrames(Random r, boolean protobuf, byte[] batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int opcode = protobuf ? 2 : 1;
        switch (r.nextInt(5)) {
            case 0 -> {
                int cut = batch.length == 0 ? 0 : r.nextInt(batch.length);
                out.writeBytes(FuzzEdge.frame(opcode, false, java.util.Arrays.copyOf(batch, cut), r.nextInt()));
                out.writeBytes(FuzzEdge.frame(9, true, new byte[] {1, 2}, r.nextInt()));
                out.writeBytes(FuzzEdge.frame(0, true, java.util.Arrays.copyOfRange(batch, cut, batch.length),
                        r.nextInt()));
            }
            case 1 -> {
                out.writeBytes(FuzzEdge.frame(opcode, true, batch, r.nextInt()));
                out.writeBytes(FuzzEdge.frame(8, true, new byte[] {0x03, (byte) 0xe8, 'b', 'y', 'e'}, r.nextInt()));
            }
            case 2 -> out.writeBytes(FuzzEdge.frame(opcode == 1 ? 2 : 1, true, batch, r.nextInt()));
            default -> out.writeBytes(FuzzEdge.frame(opcode, true, batch, r.nextInt()));
        }
        return out.toByteArray();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
