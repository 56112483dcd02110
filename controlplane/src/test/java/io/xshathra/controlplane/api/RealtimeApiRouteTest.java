package io.xshathra.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiRequests;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.api.ServerApi;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.SubscriptionToken;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.engine.token.TokenVerifier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint and error of the control-plane API, against a real engine node. */
class RealtimeApiRouteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "engine-secret";
    private static final Project A = new Project("proj_A", "a", "acct_1", "xs_pk_a", "xs_sk_aaaa", Instant.EPOCH);
    private static final Project B = new Project("proj_B", "b", "acct_1", "xs_pk_b", "xs_sk_bbbb", Instant.EPOCH);

    private Node node;
    private RealtimeApiRoute route;
    private volatile boolean databaseUp = true;

    private final AtomicInteger keyLookups = new AtomicInteger();

    /**
     * Keys of two projects, both remembered as valid; the real directory is tested with the
     * storage module.
     */
    private final ProjectDirectory directory = new ProjectDirectory() {
        @Override
        public CompletionStage<Optional<Project>> authenticateServerKey(String key) {
            keyLookups.incrementAndGet();
            return CompletableFuture.completedFuture(cachedServerKey(key));
        }

        @Override
        public Optional<Project> cachedServerKey(String key) {
            return Optional.ofNullable(Map.of("key-a", A, "key-b", B).get(key));
        }

        @Override
        public CompletionStage<Optional<Project>> findByClientKey(String key) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Optional<Project>> find(String id) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Void> ping() {
            return databaseUp ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new IllegalStateException("down"));
        }
    };

    @BeforeEach
    void start() {
        ChannelOptions.Builder pub = ChannelOptions.builder();
        pub.historySize = 10;
        pub.historyTtl = Duration.ofSeconds(60);
        EngineConfig base = EngineConfig.defaults(SECRET, "operator-key");
        EngineConfig cfg = base.withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(),
                Map.of("public", pub.build(), "chat", ChannelOptions.builder().build())));
        node = EngineParts.builder(cfg, Clock.systemUTC()).version("t").build();
        ApiExecutor api = new ApiExecutor(node.api());
        TokenMinter minter = new TokenMinter(cfg.client(), node.channelRules(), Clock.systemUTC());
        route = new RealtimeApiRoute(new RealtimeApi(api, node.channelRules(), minter, 1024), directory, 1024, 5);
    }

    private FullHttpResponse call(HttpMethod method, String path, String auth, String contentType, String body) {
        return call(method, path, auth, contentType, body, null);
    }

    private FullHttpResponse call(HttpMethod method, String path, String auth, String contentType, String body,
                                  InetSocketAddress peer) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        if (auth != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, auth);
        }
        if (contentType != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        try {
            return (peer == null ? route.handle(req, path) : route.handle(req, path, peer)).toCompletableFuture().join();
        } finally {
            req.release();
        }
    }

    private FullHttpResponse post(String endpoint, String key, String body) {
        return call(HttpMethod.POST, "/api/realtime/" + endpoint, "apikey " + key, "application/json", body);
    }

    private static JsonNode json(FullHttpResponse r) {
        try {
            return JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            r.release();
        }
    }

    @Test
    void mintsAConnectionTokenForTheProject() throws Exception {
        FullHttpResponse r = post("token", "key-a",
                "{\"userId\":\"alice\",\"ttlSeconds\":120,\"channels\":[\"public:lobby\"],\"info\":{\"name\":\"Alice\"}}");
        assertThat(r.status().code()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("expiresInSeconds").asInt()).isEqualTo(120);
        ConnectToken t = new TokenVerifier(node.config().client().token(), Clock.systemUTC())
                .verifyConnectToken(body.get("token").asText());
        assertThat(t.userId()).isEqualTo("alice");
        assertThat(t.projectId()).isEqualTo("proj_A");
        assertThat(t.channels()).containsExactly("public:lobby");
        assertThat(new String(t.info(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Alice\"}");
        assertThat(t.expireAt() - Instant.now().getEpochSecond()).isBetween(118L, 120L);
    }

    @Test
    void defaultTtlIs900AndBearerIsAccepted() {
        FullHttpResponse r = call(HttpMethod.POST, "/api/realtime/token", "Bearer key-b", "application/json",
                "{\"userId\":\"bob\"}");
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(json(r).get("expiresInSeconds").asInt()).isEqualTo(900);
    }

    @Test
    void mintsASubscriptionToken() throws Exception {
        JsonNode body = json(post("subscription-token", "key-b", "{\"userId\":\"bob\",\"channel\":\"chat:x\",\"ttlSeconds\":60}"));
        SubscriptionToken t = new TokenVerifier(node.config().client().token(), Clock.systemUTC())
                .verifySubscriptionToken(body.get("token").asText());
        assertThat(t.channel()).isEqualTo("chat:x");
        assertThat(t.userId()).isEqualTo("bob");
        assertThat(t.projectId()).isEqualTo("proj_B");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|invalid_field|userId: is required",
        "{\"userId\":\"\"}|invalid_field|userId: must not be empty",
        "{\"userId\":7}|invalid_field|userId: must be a string",
        "{\"userId\":\"a\\u0001b\"}|invalid_field|userId: must not contain control characters",
        "{\"userId\":\"a\",\"ttlSeconds\":29}|invalid_field|ttlSeconds: must be between 30 and 3600 (got 29)",
        "{\"userId\":\"a\",\"ttlSeconds\":3601}|invalid_field|ttlSeconds: must be between 30 and 3600 (got 3601)",
        "{\"userId\":\"a\",\"ttlSeconds\":\"60\"}|invalid_field|ttlSeconds: must be a whole number of seconds",
        "{\"userId\":\"a\",\"channels\":[\"nope:x\"]}|unknown_namespace|channels[0]: the namespace of \"nope:x\" is not configured on this server",
        "{\"userId\":\"a\",\"channels\":\"public:x\"}|invalid_field|channels: must be an array of strings",
        "{\"userId\":\"a\",\"info\":[1]}|invalid_field|info: must be a JSON object",
        "{\"userId\":\"a\",\"ttl\":60}|invalid_field|ttl: unknown field (allowed: channels, info, ttlSeconds, userId)",
        "[1]|invalid_body|the body must be a JSON object",
        "{not json|invalid_body|the body is not valid JSON",
    })
    void tokenValidationNamesTheField(String body, String code, String message) {
        FullHttpResponse r = post("token", "key-a", body);
        assertThat(r.status().code()).isEqualTo(400);
        JsonNode e = json(r).get("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "token|{\"userId\":\"a\",\"channels\":[\"chat:ok\",\"\\u001Fproj_B\\u001Fchat:x\"]}|channels[1]: \"\\u001Fproj_B\\u001Fchat:x\" is not a valid channel name",
        "token|{\"userId\":\"a\",\"channels\":[\"chat:caf\u00e9\"]}|channels[0]: \"chat:caf\u00e9\" is not a valid channel name",
        "subscription-token|{\"userId\":\"a\",\"channel\":\"\\u001Fproj_B\\u001Fchat:x\"}|channel: must not contain control characters",
    })
    void aChannelTheEngineWouldRefuseIsNeverMinted(String endpoint, String body, String message) {
        FullHttpResponse r = post(endpoint, "key-a", body);
        assertThat(r.status().code()).isEqualTo(400);
        JsonNode e = json(r).get("error");
        assertThat(e.get("code").asText()).isEqualTo("invalid_field");
        assertThat(e.get("message").asText()).startsWith(message);
    }

    @Test
    void userIdOver256BytesAndInfoOver4KiBAreRefused() {
        assertThat(json(post("token", "key-a", "{\"userId\":\"" + "u".repeat(257) + "\"}")).at("/error/message").asText())
                .isEqualTo("userId: must be at most 256 bytes");
        assertThat(json(post("token", "key-a", "{\"userId\":\"u\",\"info\":{\"x\":\"" + "i".repeat(4100) + "\"}}"))
                .at("/error/message").asText()).isEqualTo("info: must be at most 4 KiB once serialized");
    }

    @Test
    void authenticationErrors() {
        FullHttpResponse none = call(HttpMethod.POST, "/api/realtime/token", null, "application/json", "{}");
        assertThat(none.status().code()).isEqualTo(401);
        assertThat(json(none).at("/error/code").asText()).isEqualTo("unauthorized");
        FullHttpResponse wrong = post("token", "key-zzz", "{\"userId\":\"a\"}");
        assertThat(wrong.status().code()).isEqualTo(401);
        assertThat(json(wrong).at("/error/message").asText()).startsWith("unknown API key");
    }

    @Test
    void anAddressThatKeepsSendingUnknownKeysIsRefusedBeforeAnyLookup() {
        InetSocketAddress flooder = new InetSocketAddress("192.0.2.7", 40000);
        int before = keyLookups.get();
        for (int i = 0; i < RealtimeApiRoute.KEY_FAILURE_BURST; i++) {
            FullHttpResponse r = call(HttpMethod.POST, "/api/realtime/token", "apikey key-" + i, "application/json",
                    "{\"userId\":\"a\"}", flooder);
            assertThat(r.status().code()).isEqualTo(401);
            r.release();
        }
        assertThat(keyLookups.get() - before).isEqualTo(RealtimeApiRoute.KEY_FAILURE_BURST);

        FullHttpResponse refused = call(HttpMethod.POST, "/api/realtime/token", "apikey key-zzz", "application/json",
                "{\"userId\":\"a\"}", flooder);
        assertThat(refused.status().code()).isEqualTo(429);
        assertThat(refused.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(keyLookups.get() - before).as("refused without a lookup").isEqualTo(RealtimeApiRoute.KEY_FAILURE_BURST);

        FullHttpResponse valid = call(HttpMethod.POST, "/api/realtime/token", "apikey key-b", "application/json",
                "{\"userId\":\"a\"}", flooder);
        assertThat(valid.status().code()).as("a remembered key from the same address").isEqualTo(200);
        valid.release();
        FullHttpResponse other = call(HttpMethod.POST, "/api/realtime/token", "apikey key-zzz", "application/json",
                "{\"userId\":\"a\"}", new InetSocketAddress("192.0.2.8", 40000));
        assertThat(other.status().code()).as("another address keeps its own budget").isEqualTo(401);
        other.release();
    }

    @Test
    void thePublicClientKeyIsForbiddenHere() {
        FullHttpResponse r = post("publish", "xs_pk_abc", "{\"channel\":\"public:x\",\"data\":1}");
        assertThat(r.status().code()).isEqualTo(403);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("forbidden");
    }

    @Test
    void transportLevelErrors() {
        FullHttpResponse get = call(HttpMethod.GET, "/api/realtime/token", "apikey key-a", null, null);
        assertThat(get.status().code()).isEqualTo(405);
        assertThat(get.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
        get.release();
        FullHttpResponse missing = post("tokens", "key-a", "{}");
        assertThat(missing.status().code()).isEqualTo(404);
        assertThat(json(missing).at("/error/code").asText()).isEqualTo("not_found");
        FullHttpResponse text = call(HttpMethod.POST, "/api/realtime/token", "apikey key-a", "text/plain", "{}");
        assertThat(text.status().code()).isEqualTo(415);
        text.release();
        FullHttpResponse big = post("token", "key-a", "{\"userId\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(big.status().code()).isEqualTo(413);
        big.release();
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        int ok = 0;
        FullHttpResponse limited = null;
        for (int i = 0; i < 50 && limited == null; i++) {
            FullHttpResponse r = post("token", "key-b", "{\"userId\":\"a\"}");
            if (r.status().code() == 429) {
                limited = r;
            } else {
                ok++;
                r.release();
            }
        }
        assertThat(limited).as("429 within the burst of 10").isNotNull();
        assertThat(ok).isBetween(10, 12);
        assertThat(limited.headers().getInt(HttpHeaderNames.RETRY_AFTER)).isPositive();
        assertThat(json(limited).at("/error/code").asText()).isEqualTo("rate_limited");
    }

    @Test
    void publishGoesIntoTheProjectSpace() {
        FullHttpResponse r = post("publish", "key-a", "{\"channel\":\"public:lobby\",\"data\":{\"text\":\"hi\"}}");
        assertThat(r.status().code()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("channel").asText()).isEqualTo("public:lobby");
        assertThat(body.get("offset").asLong()).isEqualTo(1);
        assertThat(body.get("epoch").asText()).hasSize(8);
        ServerApi engine = node.api();
        ApiRequests.History h = new ApiRequests.History("public:lobby", -1, null, false);
        assertThat(engine.inProject("proj_A").history(h).toCompletableFuture().join().result().publications()).hasSize(1);
        assertThat(engine.inProject("proj_B").history(h).toCompletableFuture().join().result().publications()).isEmpty();
        assertThat(engine.history(h).toCompletableFuture().join().result().publications()).isEmpty();
    }

    @Test
    void publishErrors() {
        assertThat(json(post("publish", "key-a", "{\"channel\":\"nope:x\",\"data\":1}")).at("/error/code").asText())
                .isEqualTo("unknown_namespace");
        assertThat(json(post("publish", "key-a", "{\"channel\":\"public:x\"}")).at("/error/message").asText())
                .isEqualTo("data: is required (any JSON value)");
        assertThat(json(post("publish", "key-a", "{\"channel\":\"public:x\",\"b64data\":\"!!\"}")).at("/error/message")
                .asText()).isEqualTo("b64data: must be standard base64");
        FullHttpResponse big = post("publish", "key-a", "{\"channel\":\"public:x\",\"data\":\"" + "d".repeat(2000) + "\"}");
        assertThat(big.status().code()).isEqualTo(413);
        assertThat(json(big).at("/error/code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void publishWithoutHistoryAnswersWithoutOffset() {
        JsonNode body = json(post("publish", "key-a", "{\"channel\":\"public:x\",\"data\":1,\"skipHistory\":true}"));
        assertThat(body.has("offset")).isFalse();
        assertThat(body.get("channel").asText()).isEqualTo("public:x");
    }

    @Test
    void healthReportsTheDatabase() {
        FullHttpResponse up = call(HttpMethod.GET, "/api/health", null, null, null);
        assertThat(up.status().code()).isEqualTo(200);
        assertThat(json(up).toString()).isEqualTo("{\"status\":\"ok\",\"engine\":\"ok\",\"database\":\"ok\"}");
        databaseUp = false;
        FullHttpResponse down = call(HttpMethod.GET, "/api/health", null, null, null);
        assertThat(down.status().code()).isEqualTo(503);
        assertThat(json(down).get("database").asText()).isEqualTo("unavailable");
    }
}
