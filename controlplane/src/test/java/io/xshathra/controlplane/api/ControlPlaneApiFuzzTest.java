package io.xshathra.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.controlplane.storage.StoreTestBase;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.fuzz.CommandCorpus;
import io.xshathra.protocol.fuzz.FuzzTarget;
import io.xshathra.protocol.fuzz.Mutation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Fuzzes the customer-backend API ({@code /api/realtime/token}, {@code subscription-token},
 * {@code publish} and the rest of the tenant API: history, presence, channels, broadcast,
 * unsubscribe, disconnect) through {@link RealtimeApiRoute#handle} on a real SQLite store with a real
 * project and its keys: mutated valid bodies, keys (server, client, wrong, missing), content
 * types and paths. Every answer must be a deliberate status with a JSON body, never a 500 or a
 * 503 (which the route gives only for an unexpected failure), within the per-input limit.
 */
class ControlPlaneApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "fuzz-engine-secret";
    private static final List<byte[]> JSON_TOKENS = Mutation.utf8(CommandCorpus.JSON_TOKENS);
    private static final Set<Integer> STATUSES = Set.of(200, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429);

    private final Path dir = tempDir();
    private final ControlPlaneStore store = ControlPlaneStore.open(DatabaseUrl.sqlite(dir),
            ControlPlaneStore.Options.defaults().withPasswords(StoreTestBase.CHEAP));
    private final Node node = node();
    private final CreatedProject project = project();
    private final RealtimeApiRoute route = new RealtimeApiRoute(
            new RealtimeApi(new ApiExecutor(node.api()), node.channelRules(),
                    new TokenMinter(node.config().client(), node.channelRules(), Clock.systemUTC()), 1024),
            store.directory(), 1024, 1e9);
    private FuzzTarget target;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("cp-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node node() {
        ChannelOptions.Builder pub = ChannelOptions.builder();
        pub.historySize = 10;
        pub.historyTtl = Duration.ofSeconds(60);
        EngineConfig base = EngineConfig.defaults(SECRET, "operator-key");
        EngineConfig cfg = base.withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(),
                Map.of("public", pub.build(), "chat", ChannelOptions.builder().build())));
        return EngineParts.builder(cfg, Clock.systemUTC()).version("fuzz").build();
    }

    private CreatedProject project() {
        try {
            String owner = store.accounts().createUser("fuzz@example.com", "a long enough password")
                    .toCompletableFuture().get(30, TimeUnit.SECONDS).id();
            return store.projects().create(owner, "fuzz").toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterProperty
    void figures() throws IOException {
        node.shutdown();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (target != null) {
            target.close();
        }
    }

    @Property
    void realtimeApiBodies(@ForAll("calls") Call call) {
        if (target == null) {
            target = FuzzTarget.open("controlplane.api.bodies");
        }
        if (!target.begin(call.body())) {
            return;
        }
        String path = "/api/realtime/" + call.endpoint();
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(call.body()));
        call.headers().forEach((k, v) -> req.headers().set(k, v));
        int status;
        try {
            FullHttpResponse resp = route.handle(req, path).toCompletableFuture().get(30, TimeUnit.SECONDS);
            status = resp.status().code();
            String body = resp.content().toString(StandardCharsets.UTF_8);
            resp.release();
            assertThat(STATUSES).as("status %s (%s) for %s %s", status, body, call, FuzzTarget.hex(call.body()))
                    .contains(status);
            assertThat(JSON.readTree(body).isObject()).as("a JSON object: %s", body).isTrue();
        } catch (Exception e) {
            throw new AssertionError("no answer for " + call + " " + FuzzTarget.hex(call.body()), e);
        } finally {
            req.release();
        }
        target.end(Integer.toString(status));
    }

    /** One request: endpoint, headers, body. */
    record Call(String endpoint, Map<String, String> headers, byte[] body) {
    }

    @Provide
    Arbitrary<Call> calls() {
        return Combinators.combine(Arbitraries.longs(), Mutation.edits(5)).as((seed, edits) -> {
            Random r = new Random(seed);
            List<String> endpoints = List.of("token", "subscription-token", "publish", "publish", "tokens", "history",
                    "history-remove", "presence", "presence-stats", "channels", "broadcast", "unsubscribe", "disconnect");
            String endpoint = endpoints.get(r.nextInt(endpoints.size()));
            String key = switch (r.nextInt(10)) {
                case 0 -> "Bearer " + project.serverApiKey();
                case 1 -> "apikey " + project.clientApiKey();
                case 2 -> "apikey xs_sk_wrong";
                case 3 -> "apikey";
                default -> "apikey " + project.serverApiKey();
            };
            String type = r.nextInt(10) == 0 ? "text/plain" : "application/json; charset=utf-8";
            byte[] body = body(r, endpoint).getBytes(StandardCharsets.UTF_8);
            return new Call(endpoint, Map.of("Authorization", key, "Content-Type", type),
                    Mutation.apply(body, edits, JSON_TOKENS));
        });
    }

    private static String body(Random r, String endpoint) {
        String ch = List.of("public:news", "chat:room", "news", "$private", "public:" + "x".repeat(300))
                .get(r.nextInt(5));
        return switch (endpoint) {
            case "token" -> "{\"userId\":\"u" + r.nextInt(9) + "\",\"ttlSeconds\":" + (r.nextInt(7200) - 10)
                    + ",\"channels\":[\"" + ch + "\"],\"info\":{\"name\":\"n\"}}";
            case "subscription-token" -> "{\"userId\":\"u1\",\"channel\":\"" + ch + "\",\"ttlSeconds\":60,"
                    + "\"info\":{\"a\":[1,2]}}";
            case "history" -> "{\"channel\":\"" + ch + "\",\"limit\":" + (r.nextInt(1100) - 10)
                    + ",\"since\":{\"offset\":" + r.nextInt(3) + ",\"epoch\":\"e\"},\"reverse\":" + r.nextBoolean() + "}";
            case "history-remove", "presence", "presence-stats" -> "{\"channel\":\"" + ch + "\"}";
            case "channels" -> "{\"pattern\":\"" + List.of("*", "public:*", "{a,b}*", "[a-z]?*", "\\\\*").get(r.nextInt(5))
                    + "\"}";
            case "broadcast" -> "{\"channels\":[\"" + ch + "\",\"chat:room\"],\"data\":{\"text\":\"hi\"},"
                    + "\"idempotencyKey\":\"b" + r.nextInt(4) + "\"}";
            case "unsubscribe" -> "{\"userId\":\"u" + r.nextInt(3) + "\",\"channel\":\"" + ch + "\"}";
            case "disconnect" -> "{\"userId\":\"u" + r.nextInt(3) + "\"}";
            default -> r.nextBoolean()
                    ? "{\"channel\":\"" + ch + "\",\"data\":{\"text\":\"hi\"},\"tags\":{\"k\":\"v\"},"
                    + "\"idempotencyKey\":\"i" + r.nextInt(4) + "\",\"skipHistory\":" + r.nextBoolean() + "}"
                    : "{\"channel\":\"" + ch + "\",\"b64data\":\"" + (r.nextBoolean() ? "aGk=" : "!!") + "\"}";
        };
    }
}
