package io.xshathra.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.server.EngineLauncher;
import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import io.xshathra.testkit.ApiClient;
import io.xshathra.testkit.Loopback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real server ({@link EngineLauncher}) on 127.0.0.1, port 0, started from a configuration
 * file written to a temporary directory exactly as an operator would write it (Centrifugo v6
 * names). Namespaces:
 * <ul>
 *   <li>{@code chat}: subscribe for clients, publish/history/presence for subscribers, presence,
 *       join/leave pushed to everyone, history 10 for 300 s, forced recovery;</li>
 *   <li>{@code feed}: subscribe for clients only (no client publish), history 300 for 300 s,
 *       forced recovery, fossil delta allowed;</li>
 *   <li>{@code secure}: no client permission at all, so subscribing needs a subscription token;</li>
 *   <li>without namespace: no permissions.</li>
 * </ul>
 * Tests change any key before the start with {@link Builder#client(String, Object)} and
 * {@link Builder#set(String, Object)}.
 */
final class ServerFixture implements AutoCloseable {
    static final String SECRET = "it-secret";
    static final String API_KEY = "it-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HmacTokenSigner SIGNER = new HmacTokenSigner(SECRET);

    private final EngineLauncher launcher;
    private final Path dir;
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private final ApiClient api;

    private ServerFixture(EngineLauncher launcher, Path dir) {
        this.launcher = launcher;
        this.dir = dir;
        this.api = new ApiClient(apiUrl(), API_KEY);
    }

    /** The default configuration, started. */
    static ServerFixture start() {
        return builder().start();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A configuration tree to adjust before starting. */
    static final class Builder {
        private final ObjectNode root = defaultConfig();
        private String databaseUrl;
        private java.time.Clock controlPlaneClock = java.time.Clock.systemUTC();
        /** Where tenant events go; null: the projects' webhooks, as in a server. */
        private io.xshathra.engine.project.TenantEvents tenantEvents;

        /** The control plane's database (default: SQLite in the temporary data folder). */
        Builder databaseUrl(String url) {
            this.databaseUrl = url;
            return this;
        }

        /** The control plane's clock (key grace periods), for tests that move its time by hand. */
        Builder controlPlaneClock(java.time.Clock clock) {
            this.controlPlaneClock = clock;
            return this;
        }

        /** Where the node's tenant events (webhook events of projects' channels) go. */
        Builder tenantEvents(io.xshathra.engine.project.TenantEvents events) {
            this.tenantEvents = events;
            return this;
        }

        /** Sets {@code client.<key>} (a Go duration string, number, boolean or list). */
        Builder client(String key, Object value) {
            ((ObjectNode) root.get("client")).set(key, JSON.valueToTree(value));
            return this;
        }

        /** Sets a top-level section or key. */
        Builder set(String key, Object value) {
            root.set(key, JSON.valueToTree(value));
            return this;
        }

        ServerFixture start() {
            Path dir = null;
            try {
                dir = Files.createTempDirectory("xshathra-it");
                Path file = dir.resolve("config.json");
                JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
                LoadedConfig cfg = new ConfigLoader().load(file, Map.of(),
                        new CliOverrides(0, "127.0.0.1", dir.resolve("data"), null, databaseUrl));
                // A misspelt or unsupported key is a warning, not an error: a test relying on it
                // would silently run with the default.
                if (!cfg.warnings().isEmpty()) {
                    throw new IllegalStateException("configuration warnings: " + cfg.warnings());
                }
                io.xshathra.engine.project.TenantEvents events = tenantEvents;
                return new ServerFixture(EngineLauncher.start(cfg, controlPlaneClock,
                        events == null ? null : store -> events), dir);
            } catch (IOException e) {
                deleteQuietly(dir);
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                deleteQuietly(dir);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    private static ObjectNode defaultConfig() {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("log").put("level", "warn");
        ObjectNode client = root.putObject("client");
        client.putObject("token").put("hmac_secret_key", SECRET);
        client.putArray("allowed_origins").add("*");
        root.putObject("http_api").put("key", API_KEY);
        ObjectNode channel = root.putObject("channel");
        channel.putObject("without_namespace");
        ArrayNode ns = channel.putArray("namespaces");
        ns.addObject().put("name", "chat")
                .put("allow_subscribe_for_client", true)
                .put("allow_publish_for_subscriber", true)
                .put("allow_history_for_subscriber", true)
                .put("allow_presence_for_subscriber", true)
                .put("presence", true)
                .put("join_leave", true)
                .put("force_push_join_leave", true)
                .put("history_size", 10)
                .put("history_ttl", "300s")
                .put("force_recovery", true);
        ns.addObject().put("name", "feed")
                .put("allow_subscribe_for_client", true)
                .put("history_size", 300)
                .put("history_ttl", "300s")
                .put("force_recovery", true)
                .putArray("allowed_delta_types").add("fossil");
        ns.addObject().put("name", "secure")
                .put("allow_publish_for_subscriber", true)
                .put("allow_history_for_subscriber", true)
                .put("allow_presence_for_subscriber", true)
                .put("presence", true)
                .put("history_size", 10)
                .put("history_ttl", "300s");
        return root;
    }

    int port() {
        return launcher.port();
    }

    EngineLauncher launcher() {
        return launcher;
    }

    /** The bidirectional WebSocket endpoint (JSON unless a subprotocol or query says otherwise). */
    String wsUrl() {
        return Loopback.wsUrl(port());
    }

    /** The server API base; a method name follows. */
    String apiUrl() {
        return Loopback.apiUrl(port());
    }

    /** An HS256 connection token for a user without expiry. */
    /** The server's data folder (the SQLite file, the first-run setup token). */
    Path dataDir() {
        return dir.resolve("data");
    }

    static String token(String user) {
        return SIGNER.sign(Map.of("sub", user));
    }

    /** An HS256 token with any claims (connection or subscription). */
    static String token(Map<String, ?> claims) {
        return SIGNER.sign(claims);
    }

    /** A subscription token for a user and channel, expiring in {@code ttlSeconds} (negative: already expired). */
    static String subToken(String user, String channel, long ttlSeconds) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", user);
        claims.put("channel", channel);
        claims.put("exp", System.currentTimeMillis() / 1000 + ttlSeconds);
        return SIGNER.sign(claims);
    }

    /** POSTs a JSON body to {@code /api/<method>} with the API key; the raw response. */
    HttpResponse<String> api(String method, String body) {
        return api.post(method, body, JSON_BODY);
    }

    /** Like {@link #api} but fails unless the call answered 200 with a {@code result}; the body. */
    String apiOk(String method, String body) {
        return api.postOk(method, body, JSON_BODY);
    }

    /** Publishes JSON data through the server API. */
    String publish(String channel, String jsonData) {
        return apiOk("publish", "{\"channel\":" + quote(channel) + ",\"data\":" + jsonData + "}");
    }

    /** Publishes binary data ({@code b64data}) through the server API. */
    String publishBinary(String channel, byte[] data) {
        return apiOk("publish", "{\"channel\":" + quote(channel) + ",\"b64data\":\""
                + java.util.Base64.getEncoder().encodeToString(data) + "\"}");
    }

    /** {@code num_clients} of the channel, from the API's presence_stats. */
    int numClients(String channel) {
        String body = apiOk("presence_stats", "{\"channel\":" + quote(channel) + "}");
        try {
            return JSON.readTree(body).path("result").path("num_clients").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            launcher.close();
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * Closes each of these that is not null, going on past a failure so that one node that fails
     * to stop does not leave the others running: for the {@code @AfterAll} of multi-node tests.
     */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
