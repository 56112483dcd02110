package io.xshathra.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.fuzz.CommandCorpus;
import io.xshathra.protocol.fuzz.FuzzTarget;
import io.xshathra.protocol.fuzz.Mutation;
import io.xshathra.protocol.proto.EmulationRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzes request bodies at the two HTTP routes that parse them, through {@code HttpRoute.handle}:
 * the server API (every method, batch included, with mutated valid bodies and headers) and the
 * emulation endpoint (mutated JSON and Protobuf {@code EmulationRequest}s whose frames reach a
 * live HTTP-stream session, which then runs the mutated commands). Each answer must be a
 * deliberate status, never 500 or a failed stage, within the per-input limit; every buffer of the
 * stream's channel is released and Netty's leak detector reports nothing.
 */
class RouteBodyFuzzTest {
    private static final String TOKEN = TestServer.token("fuzz-user");
    private static final List<String> METHODS = List.of("publish", "broadcast", "subscribe", "unsubscribe",
            "disconnect", "refresh", "presence", "presence_stats", "history", "history_remove", "channels", "info",
            "rpc", "batch", "map_publish", "map_remove", "nope");
    private static final List<byte[]> JSON_TOKENS = Mutation.utf8(CommandCorpus.JSON_TOKENS);
    private static final Set<Integer> API_STATUSES = Set.of(200, 400, 401, 404, 409, 416);
    private static final Set<Integer> EMULATION_STATUSES = Set.of(204, 400, 404, 413);

    private final FuzzEdge edge = new FuzzEdge();
    private final ApiRoute api = new ApiRoute(new ApiExecutor(edge.node.api()),
            edge.node.config().httpApi(), edge.node.metrics(), List.of("/api"));
    private final EmulationRoute emulation = new EmulationRoute(Set.of("/emulation"), edge.sessions, 65536, List.of());
    private Stream stream;

    /** A bidirectional HTTP-stream session the emulation requests talk to. */
    private record Stream(EmbeddedChannel channel, StreamTransport transport, TrackingAllocator allocator) {
    }

    @AfterProperty
    void figures() {
        try {
            if (stream != null) {
                FuzzEdge.finish(stream.channel(), stream.allocator(), new byte[0]);
            }
            edge.assertNoLeakReports();
        } finally {
            edge.close();
        }
    }

    @Property
    void serverApiBodies(@ForAll("apiCalls") ApiCall call) {
        FuzzTarget t = edge.target("edge.server-api.bodies");
        if (!t.begin(call.body())) {
            return;
        }
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/" + call.method(),
                Unpooled.wrappedBuffer(call.body()));
        call.headers().forEach((k, v) -> req.headers().set(k, v));
        String[] body = new String[1];
        int status = answer(api.handle(req, "/api/" + call.method()), req, body);
        if (status == 500 && call.headers().containsKey("X-Centrifugo-Error-Mode")) {
            // the specified mapping of API error 100 in transport error mode (e.g. reverse history
            // since offset 0, a reference quirk), not a crash: the body is still the error object
            assertThat(body[0]).isEqualTo("{\"code\":100,\"message\":\"internal server error\"}");
        } else {
            assertThat(API_STATUSES).as("status of %s %s", call, FuzzTarget.hex(call.body())).contains(status);
        }
        t.end(Integer.toString(status));
    }

    @Property
    void emulationRequests(@ForAll("emulationBodies") EmulationBody body) {
        FuzzTarget t = edge.target("edge.emulation.requests");
        if (!t.begin(body.bytes())) {
            return;
        }
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/emulation",
                Unpooled.wrappedBuffer(body.bytes()));
        if (body.protobuf()) {
            req.headers().set("Content-Type", "application/octet-stream");
        }
        int status = answer(emulation.handle(req, "/emulation"), req, new String[1]);
        stream.channel().runPendingTasks();
        FuzzEdge.drain(stream.channel());
        assertThat(EMULATION_STATUSES).as("status for %s", FuzzTarget.hex(body.bytes())).contains(status);
        t.end(Integer.toString(status));
    }

    /** The status of the answer, its body in {@code body[0]}; both buffers released. */
    private static int answer(java.util.concurrent.CompletionStage<FullHttpResponse> stage, FullHttpRequest req,
                              String[] body) {
        try {
            FullHttpResponse resp = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            int status = resp.status().code();
            body[0] = resp.content().toString(StandardCharsets.UTF_8);
            resp.release();
            return status;
        } catch (Exception e) {
            throw new AssertionError("the route failed instead of answering", e);
        } finally {
            req.release();
        }
    }

    /** One server API call: method, headers and body. */
    record ApiCall(String method, Map<String, String> headers, byte[] body) {
    }

    @Provide
    Arbitrary<ApiCall> apiCalls() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(5)).as((seed, edits) -> {
            Random r = new Random(seed);
            String method = METHODS.get(r.nextInt(METHODS.size()));
            Map<String, String> headers = switch (r.nextInt(8)) {
                case 0 -> Map.of("X-API-Key", "wrong");
                case 1 -> Map.of("Authorization", "apikey " + TestServer.API_KEY, "X-Centrifugo-Error-Mode",
                        "transport");
                case 2 -> Map.of("X-API-Key", TestServer.API_KEY, ApiRoute.PROJECT_HEADER,
                        r.nextBoolean() ? "proj_1" : "bad/../x");
                default -> Map.of("X-API-Key", TestServer.API_KEY);
            };
            byte[] body = apiBody(r, method).getBytes(StandardCharsets.UTF_8);
            return new ApiCall(method, headers, Mutation.apply(body, edits, JSON_TOKENS));
        });
    }

    private static String apiBody(Random r, String method) {
        String ch = r.nextBoolean() ? "chat:room" : "news";
        return switch (method) {
            case "publish" -> "{\"channel\":\"" + ch + "\",\"data\":{\"text\":\"hi\"},\"skip_history\":false,"
                    + "\"tags\":{\"a\":\"b\"},\"idempotency_key\":\"k" + r.nextInt(5) + "\",\"delta\":true}";
            case "broadcast" -> "{\"channels\":[\"news\",\"" + ch + "\"],\"data\":[1,2]}";
            case "subscribe" -> "{\"user\":\"fuzz-user\",\"channel\":\"" + ch + "\",\"client\":\"c\"}";
            case "unsubscribe", "disconnect" -> "{\"user\":\"fuzz-user\",\"channel\":\"" + ch
                    + "\",\"disconnect\":{\"code\":4000,\"reason\":\"r\"}}";
            case "refresh" -> "{\"user\":\"fuzz-user\",\"expire_at\":" + (r.nextInt(3) - 1) + "}";
            case "history" -> "{\"channel\":\"" + ch + "\",\"limit\":" + (r.nextInt(30) - 5)
                    + ",\"since\":{\"offset\":" + r.nextInt(4) + ",\"epoch\":\"e\"},\"reverse\":" + r.nextBoolean() + "}";
            case "channels" -> "{\"pattern\":\"" + (r.nextBoolean() ? "*" : "chat:[a-") + "\"}";
            case "batch" -> "{\"commands\":[{\"publish\":{\"channel\":\"news\",\"data\":{}}},{\"info\":{}},"
                    + "{\"history\":{\"channel\":\"chat:room\"}}],\"parallel\":" + r.nextBoolean() + "}";
            case "rpc" -> "{\"method\":\"m\",\"params\":{}}";
            default -> "{\"channel\":\"" + ch + "\"}";
        };
    }

    /** An emulation request body, JSON or Protobuf. */
    record EmulationBody(boolean protobuf, byte[] bytes) {
    }

    @Provide
    Arbitrary<EmulationBody> emulationBodies() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(4), Mutation.edits(2)).as(
                (seed, frameEdits, bodyEdits) -> {
                    Random r = new Random(seed);
                    String session = session(r);
                    String node = r.nextInt(8) == 0 ? "other-node" : edge.node.id();
                    boolean protobuf = r.nextInt(3) == 0;
                    byte[] frame = Mutation.apply(protobuf ? CommandCorpus.protobufFrame(r, TOKEN)
                            : CommandCorpus.jsonFrame(r, TOKEN), frameEdits, JSON_TOKENS);
                    byte[] body = protobuf ? EmulationRequest.newBuilder().setNode(node)
                            .setSession(session).setData(com.google.protobuf.ByteString.copyFrom(frame)).build()
                            .toByteArray()
                            : ("{\"node\":\"" + node + "\",\"session\":\"" + session + "\",\"data\":" + quote(new String(frame, StandardCharsets.UTF_8))
                            + "}").getBytes(StandardCharsets.UTF_8);
                    return new EmulationBody(protobuf, Mutation.apply(body, bodyEdits, JSON_TOKENS));
                });
    }

    /** Mostly the live session (opened again when a bad frame closed it), sometimes another. */
    private String session(Random r) {
        if (stream == null || !stream.channel().isActive()) {
            if (stream != null) {
                FuzzEdge.finish(stream.channel(), stream.allocator(), new byte[0]);
            }
            TrackingAllocator allocator = new TrackingAllocator();
            StreamTransport transport = new StreamTransport(edge.node,
                    new StreamTransport.Kind("http_stream", StreamFraming.JSON_LINES, false), ProtocolType.JSON,
                    edge.sessions, Map.of());
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.config().setAllocator(allocator);
            ch.pipeline().addLast(transport);
            stream = new Stream(ch, transport, allocator);
        }
        return r.nextInt(8) == 0 ? java.util.UUID.randomUUID().toString() : stream.transport().sessionId();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
