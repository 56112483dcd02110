package io.xshathra.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.web.WebHeaders;
import io.xshathra.controlplane.web.WebRequest;
import io.xshathra.controlplane.web.WebResponse;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.protocol.proto.ClientInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tenant API's endpoints beyond tokens and publish, against a real engine node: validation
 * (every failure names its field), the JSON shapes, and the project's channel space. Live
 * connections (presence of real clients, unsubscribe, disconnect) are covered end to end by
 * {@code TenantApiIT}.
 */
class TenantApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Project A = new Project("proj_A", "a", "acct_1", "xs_pk_a", "xs_sk_aaaa", Instant.EPOCH);
    private static final Project B = new Project("proj_B", "b", "acct_1", "xs_pk_b", "xs_sk_bbbb", Instant.EPOCH);

    private Node node;
    private RealtimeApiEndpoint endpoint;

    private final ProjectDirectory directory = new ProjectDirectory() {
        @Override
        public CompletionStage<Optional<Project>> authenticateServerKey(String key) {
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
            return CompletableFuture.completedFuture(null);
        }
    };

    @BeforeEach
    void start() {
        ChannelOptions.Builder kept = ChannelOptions.builder();
        kept.historySize = 10;
        kept.historyTtl = Duration.ofSeconds(60);
        kept.presence = true;
        ChannelOptions.Builder json = ChannelOptions.builder();
        json.publicationDataFormat = ChannelOptions.DataFormat.JSON_OBJECT;
        EngineConfig base = EngineConfig.defaults("engine-secret", "operator-key");
        EngineConfig cfg = base.withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(),
                Map.of("public", kept.build(), "plain", ChannelOptions.builder().build(), "obj", json.build())));
        node = EngineParts.builder(cfg, Clock.systemUTC()).version("t").build();
        ApiExecutor api = new ApiExecutor(node.api());
        TokenMinter minter = new TokenMinter(cfg.client(), node.channelRules(), Clock.systemUTC());
        endpoint = new RealtimeApiEndpoint(new RealtimeApi(api, node.channelRules(), minter, 1024), directory, 1024, 1000);
    }

    private WebResponse post(String path, String key, String body) {
        WebHeaders h = new WebHeaders().set("authorization", "apikey " + key).set("content-type", "application/json");
        WebRequest req = new WebRequest("POST", "/api/realtime/" + path, "/api/realtime/" + path, h,
                body.getBytes(StandardCharsets.UTF_8), null);
        return endpoint.handle(req).toCompletableFuture().join();
    }

    private JsonNode ok(String path, String key, String body) {
        WebResponse r = post(path, key, body);
        assertThat(r.status().code()).as(r.bodyText()).isEqualTo(200);
        return json(r);
    }

    private static JsonNode json(WebResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void historyAnswersPublicationsAndTheStreamTopOfTheProjectsChannelOnly() {
        ok("publish", "key-a", "{\"channel\":\"public:news\",\"data\":{\"n\":1.10},\"tags\":{\"k\":\"v\"}}");
        ok("publish", "key-a", "{\"channel\":\"public:news\",\"b64data\":\"AP8=\"}");
        ok("publish", "key-b", "{\"channel\":\"public:news\",\"data\":\"b's\"}");

        JsonNode h = ok("history", "key-a", "{\"channel\":\"public:news\",\"limit\":10}");
        assertThat(h.get("offset").asLong()).isEqualTo(2);
        assertThat(h.get("epoch").asText()).isNotEmpty();
        assertThat(h.get("publications").toString()).isEqualTo(
                "[{\"data\":{\"n\":1.1},\"offset\":1,\"tags\":{\"k\":\"v\"}},{\"b64data\":\"AP8=\",\"offset\":2}]");

        JsonNode onlyTop = ok("history", "key-a", "{\"channel\":\"public:news\"}");
        assertThat(onlyTop.get("publications")).isEmpty();
        assertThat(onlyTop.get("offset").asLong()).isEqualTo(2);

        String epoch = h.get("epoch").asText();
        JsonNode since = ok("history", "key-a", "{\"channel\":\"public:news\",\"limit\":10,\"since\":{\"offset\":1,\"epoch\":\""
                + epoch + "\"}}");
        assertThat(since.get("publications")).hasSize(1);
        JsonNode reverse = ok("history", "key-a", "{\"channel\":\"public:news\",\"limit\":1,\"reverse\":true}");
        assertThat(reverse.get("publications").get(0).get("offset").asLong()).isEqualTo(2);

        WebResponse stale = post("history", "key-a", "{\"channel\":\"public:news\",\"limit\":1,\"since\":{\"offset\":1,\"epoch\":\"old\"}}");
        assertThat(stale.status().code()).isEqualTo(409);
        assertThat(json(stale).get("error").get("code").asText()).isEqualTo("unrecoverable_position");

        JsonNode b = ok("history", "key-b", "{\"channel\":\"public:news\",\"limit\":10}");
        assertThat(b.get("publications").toString()).isEqualTo("[{\"data\":\"b's\",\"offset\":1}]");
    }

    @Test
    void historyRemoveEmptiesOnlyTheProjectsStream() {
        ok("publish", "key-a", "{\"channel\":\"public:x\",\"data\":1}");
        ok("publish", "key-b", "{\"channel\":\"public:x\",\"data\":2}");
        assertThat(ok("history-remove", "key-a", "{\"channel\":\"public:x\"}").toString()).isEqualTo("{}");
        assertThat(ok("history", "key-a", "{\"channel\":\"public:x\",\"limit\":5}").get("publications")).isEmpty();
        assertThat(ok("history", "key-b", "{\"channel\":\"public:x\",\"limit\":5}").get("publications")).hasSize(1);
    }

    @Test
    void presenceIsReadFromTheProjectsSpaceInCamelCase() {
        ClientInfo alice = ClientInfo.newBuilder().setClient("c1").setUser("alice")
                .setConnInfo(ByteString.copyFromUtf8("{\"name\":\"Alice\"}"))
                .setChanInfo(ByteString.copyFrom(new byte[] {1, 2})).build();
        ClientInfo bare = ClientInfo.newBuilder().setClient("c2").setUser("bob").build();
        node.context().presence().add(ChannelSpace.key("proj_A", "public:room"), "c1", alice).toCompletableFuture().join();
        node.context().presence().add(ChannelSpace.key("proj_A", "public:room"), "c2", bare).toCompletableFuture().join();
        node.context().presence().add(ChannelSpace.key("proj_B", "public:room"), "c3", bare).toCompletableFuture().join();
        node.context().presence().add("public:room", "c4", bare).toCompletableFuture().join();

        assertThat(ok("presence", "key-a", "{\"channel\":\"public:room\"}").toString()).isEqualTo("{\"clients\":{"
                + "\"c1\":{\"client\":\"c1\",\"user\":\"alice\",\"connInfo\":{\"name\":\"Alice\"},\"b64chanInfo\":\"AQI=\"},"
                + "\"c2\":{\"client\":\"c2\",\"user\":\"bob\"}}}");
        assertThat(ok("presence-stats", "key-a", "{\"channel\":\"public:room\"}").toString())
                .isEqualTo("{\"numClients\":2,\"numUsers\":2}");
        assertThat(ok("presence-stats", "key-b", "{\"channel\":\"public:room\"}").toString())
                .isEqualTo("{\"numClients\":1,\"numUsers\":1}");
    }

    @Test
    void featuresANamespaceDoesNotEnableAre404() {
        for (String[] c : new String[][] {{"history", "history"}, {"history-remove", "history"},
                {"presence", "presence"}, {"presence-stats", "presence"}}) {
            WebResponse r = post(c[0], "key-a", "{\"channel\":\"plain:x\"}");
            assertThat(r.status().code()).as(c[0]).isEqualTo(404);
            assertThat(json(r).get("error").get("code").asText()).isEqualTo("not_available");
            assertThat(json(r).get("error").get("message").asText())
                    .isEqualTo(c[1] + " is not enabled in the namespace of \"plain:x\"");
        }
    }

    @Test
    void channelsWithoutSubscribersAreAnEmptyList() {
        ok("publish", "key-a", "{\"channel\":\"public:x\",\"data\":1}");
        assertThat(ok("channels", "key-a", "{}").toString()).isEqualTo("{\"channels\":{}}");
        assertThat(ok("channels", "key-a", "{\"pattern\":\"public:*\"}").toString()).isEqualTo("{\"channels\":{}}");
    }

    @Test
    void broadcastPublishesToEveryChannelInTheProjectsSpace() {
        JsonNode r = ok("broadcast", "key-a", "{\"channels\":[\"public:a\",\"plain:b\"],\"data\":{\"x\":1}}");
        assertThat(r.toString()).matches("\\{\"results\":\\[\\{\"channel\":\"public:a\",\"offset\":1,\"epoch\":\"[^\"]+\"},"
                + "\\{\"channel\":\"plain:b\"}]}");
        assertThat(ok("history", "key-a", "{\"channel\":\"public:a\",\"limit\":5}").get("publications")).hasSize(1);
        assertThat(ok("history", "key-b", "{\"channel\":\"public:a\",\"limit\":5}").get("publications")).isEmpty();
    }

    @Test
    void aBroadcastOneNamespaceRefusesPublishesNowhere() {
        WebResponse r = post("broadcast", "key-a", "{\"channels\":[\"public:a\",\"obj:b\"],\"data\":[1]}");
        assertThat(r.status().code()).isEqualTo(400);
        assertThat(json(r).get("error").get("message").asText()).startsWith("data: is not accepted by the namespace of \"obj:b\"");
        assertThat(ok("history", "key-a", "{\"channel\":\"public:a\",\"limit\":5}").get("offset").asLong()).isZero();
    }

    @Test
    void unsubscribeAndDisconnectWithoutConnectionsSucceed() {
        assertThat(ok("unsubscribe", "key-a", "{\"userId\":\"alice\",\"channel\":\"public:a\"}").toString()).isEqualTo("{}");
        assertThat(ok("disconnect", "key-a", "{\"userId\":\"alice\"}").toString()).isEqualTo("{}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "history|{}|400|invalid_field|channel: is required",
        "history|{\"channel\":\"nope:x\"}|400|unknown_namespace|channel: the namespace of \"nope:x\" is not configured on this server",
        "history|{\"channel\":\"public:x\",\"limit\":1001}|400|invalid_field|limit: must be between 0 and 1000 (got 1001)",
        "history|{\"channel\":\"public:x\",\"limit\":-1}|400|invalid_field|limit: must be between 0 and 1000 (got -1)",
        "history|{\"channel\":\"public:x\",\"limit\":\"5\"}|400|invalid_field|limit: must be a whole number",
        "history|{\"channel\":\"public:x\",\"limit\":2.5}|400|invalid_field|limit: must be a whole number",
        "history|{\"channel\":\"public:x\",\"since\":3}|400|invalid_field|since: must be a JSON object",
        "history|{\"channel\":\"public:x\",\"since\":{\"epoch\":\"e\"}}|400|invalid_field|since.offset: is required",
        "history|{\"channel\":\"public:x\",\"since\":{\"offset\":-1}}|400|invalid_field|since.offset: must be between 0 and 9223372036854775807 (got -1)",
        "history|{\"channel\":\"public:x\",\"since\":{\"offset\":1,\"epoch\":7}}|400|invalid_field|since.epoch: must be a string",
        "history|{\"channel\":\"public:x\",\"since\":{\"offset\":1,\"top\":7}}|400|invalid_field|since.top: unknown field (allowed: epoch, offset)",
        "history|{\"channel\":\"public:x\",\"reverse\":true,\"since\":{\"offset\":0}}|400|invalid_field|since.offset: must be at least 1 when reverse is true",
        "history|{\"channel\":\"public:x\",\"reverse\":\"yes\"}|400|invalid_field|reverse: must be true or false",
        "history|{\"channel\":\"public:x\",\"offset\":1}|400|invalid_field|offset: unknown field (allowed: channel, limit, reverse, since)",
        "history-remove|{\"channel\":\"\\u001Fproj_B\\u001Fpublic:x\"}|400|invalid_field|channel: must not contain control characters",
        "presence|{\"channel\":5}|400|invalid_field|channel: must be a string",
        "presence-stats|{\"channel\":\"public:x\",\"user\":\"a\"}|400|invalid_field|user: unknown field (allowed: channel)",
        "channels|{\"pattern\":7}|400|invalid_field|pattern: must be a string",
        "channels|{\"pattern\":\"[z-a]\"}|400|invalid_field|pattern: is not a valid pattern (*, ?, [a-z], [!abc], {a,b}; \\ makes the next character ordinary)",
        "channels|{\"pattern\":\"*a*b*\"}|400|invalid_field|pattern: may hold at most 2 of * and { in all",
        "channels|{\"pattern\":\"*{a,b}{c,d}\"}|400|invalid_field|pattern: may hold at most 2 of * and { in all",
        "channels|{\"pattern\":\"\\u001Fproj_B\\u001F*\"}|400|invalid_field|pattern: must not contain control characters",
        "channels|{\"channel\":\"x\"}|400|invalid_field|channel: unknown field (allowed: pattern)",
        "broadcast|{\"data\":1}|400|invalid_field|channels: is required (an array of channel names)",
        "broadcast|{\"channels\":[],\"data\":1}|400|invalid_field|channels: must hold at least one channel",
        "broadcast|{\"channels\":\"public:a\",\"data\":1}|400|invalid_field|channels: must be an array of strings",
        "broadcast|{\"channels\":[\"public:a\",\"public:a\"],\"data\":1}|400|invalid_field|channels[1]: repeats channels[0]",
        "broadcast|{\"channels\":[\"public:a\",\"nope:b\"],\"data\":1}|400|unknown_namespace|channels[1]: the namespace of \"nope:b\" is not configured on this server",
        "broadcast|{\"channels\":[\"public:a\"]}|400|invalid_field|data: is required (any JSON value)",
        "broadcast|{\"channels\":[\"public:a\"],\"data\":1,\"delta\":true}|400|invalid_field|delta: unknown field (allowed: b64data, channels, data, idempotencyKey, skipHistory, tags)",
        "unsubscribe|{\"channel\":\"public:a\"}|400|invalid_field|userId: is required",
        "unsubscribe|{\"userId\":\"alice\"}|400|invalid_field|channel: is required",
        "unsubscribe|{\"userId\":\"alice\",\"channel\":\"nope:a\"}|400|unknown_namespace|channel: the namespace of \"nope:a\" is not configured on this server",
        "disconnect|{}|400|invalid_field|userId: is required",
        "disconnect|{\"userId\":\"alice\",\"code\":4000}|400|invalid_field|code: unknown field (allowed: userId)",
    })
    void validationNamesTheField(String path, String body, int status, String code, String message) {
        WebResponse r = post(path, "key-a", body);
        assertThat(r.status().code()).as(r.bodyText()).isEqualTo(status);
        JsonNode e = json(r).get("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isEqualTo(message);
    }

    @Test
    void boundsAreExplicit() {
        StringBuilder many = new StringBuilder("{\"data\":1,\"channels\":[");
        for (int i = 0; i <= TenantActions.MAX_BROADCAST_CHANNELS; i++) {
            many.append(i == 0 ? "" : ",").append("\"public:c").append(i).append('"');
        }
        WebResponse r = post("broadcast", "key-a", many.append("]}").toString());
        assertThat(json(r).get("error").get("message").asText()).isEqualTo("channels: must hold at most 100 channels (got 101)");
        WebResponse big = post("broadcast", "key-a", "{\"channels\":[\"public:a\"],\"data\":\"" + "x".repeat(1100) + "\"}");
        assertThat(big.status().code()).isEqualTo(413);
        assertThat(json(big).get("error").get("code").asText()).isEqualTo("payload_too_large");
        WebResponse longPattern = post("channels", "key-a", "{\"pattern\":\"" + "a".repeat(257) + "\"}");
        assertThat(json(longPattern).get("error").get("message").asText()).isEqualTo("pattern: must be at most 256 bytes");
    }

    @Test
    void theClientKeyAndUnknownKeysAreRefusedOnEveryNewEndpoint() {
        for (String path : new String[] {"history", "history-remove", "presence", "presence-stats", "channels",
                "broadcast", "unsubscribe", "disconnect"}) {
            assertThat(post(path, "xs_pk_a", "{}").status().code()).as(path).isEqualTo(403);
            assertThat(post(path, "nope", "{}").status().code()).as(path).isEqualTo(401);
        }
    }

    @Test
    void theProjectsRateLimitCountsTheNewEndpointsToo() {
        endpoint = new RealtimeApiEndpoint(new RealtimeApi(new ApiExecutor(node.api()), node.channelRules(),
                new TokenMinter(node.config().client(), node.channelRules(), Clock.systemUTC()), 1024), directory, 1024, 1);
        String[][] calls = {{"history", "{\"channel\":\"public:x\"}"}, {"channels", "{}"},
            {"presence-stats", "{\"channel\":\"public:x\"}"}};
        for (String[] c : calls) {
            WebResponse r = post(c[0], "key-a", c[1]);
            if (c == calls[2]) {
                assertThat(r.status().code()).as("the third request within a burst of 2").isEqualTo(429);
                assertThat(r.headers().get("retry-after")).isNotNull();
            } else {
                assertThat(r.status().code()).isEqualTo(200);
            }
        }
        assertThat(post("history", "key-b", "{\"channel\":\"public:x\"}").status().code()).as("another project").isEqualTo(200);
    }

    @Test
    void payloadsAreJsonOnlyWhenTheyAreOneCompleteJsonValue() {
        assertThat(TenantJson.isJson(ByteString.copyFromUtf8("{\"a\":[1,2,{\"b\":null}]}"))).isTrue();
        assertThat(TenantJson.isJson(ByteString.copyFromUtf8(" 12 "))).isTrue();
        assertThat(TenantJson.isJson(ByteString.copyFromUtf8("\"s\""))).isTrue();
        assertThat(TenantJson.isJson(ByteString.copyFromUtf8("{\"a\":1} {}"))).isFalse();
        assertThat(TenantJson.isJson(ByteString.copyFromUtf8("{\"a\":"))).isFalse();
        assertThat(TenantJson.isJson(ByteString.copyFromUtf8("hello"))).isFalse();
        assertThat(TenantJson.isJson(ByteString.EMPTY)).isFalse();
        assertThat(TenantJson.isJson(ByteString.copyFrom(new byte[] {'"', (byte) 0xC3, '"'}))).as("broken UTF-8").isFalse();
        assertThat(TenantJson.isJson(ByteString.copyFrom(new byte[] {'[', '"', (byte) 0xFF, '"', ']'}))).isFalse();
    }
}
