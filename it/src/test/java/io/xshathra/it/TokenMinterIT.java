package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.CreatedProject;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.testkit.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens from {@code POST /api/realtime/token} and {@code /subscription-token} work on the real
 * server whatever the engine's verifier settings are (user-id claim, audience, issuer and their
 * regexes, a separate subscription-token secret): a client connects, subscribes with the minted
 * subscription token and receives a publication; the same subscription token does not work for
 * another user of the project, nor for the same user in another project. Settings that allow no
 * token this server can sign answer 503 naming the setting.
 */
class TokenMinterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CHANNEL = "secure:room";

    /** One configuration of {@code client.token} and, when not null, {@code client.subscription_token}. */
    record Setting(String name, Map<String, Object> token, Map<String, Object> subscriptionToken) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, Object> token(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hmac_secret_key", ServerFixture.SECRET);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Stream<Setting> settings() {
        return Stream.of(
                new Setting("secret only", token(), null),
                new Setting("user_id_claim", token("user_id_claim", "user_id"), null),
                new Setting("audience and issuer", token("audience", "realtime", "issuer", "https://auth.example"),
                        null),
                new Setting("audience_regex and issuer_regex", token("audience", "realtime-prod",
                        "audience_regex", "^realtime-", "issuer", "xs-1", "issuer_regex", "^xs-[0-9]+$"), null),
                new Setting("separate subscription_token", token(), Map.of("enabled", true,
                        "hmac_secret_key", "it-subscription-secret")),
                new Setting("everything at once", token("user_id_claim", "uid", "audience", "realtime",
                        "issuer", "xs"), Map.of("enabled", true, "hmac_secret_key", "it-subscription-secret",
                        "user_id_claim", "sub_uid", "audience", "subs", "issuer_regex", "^$")));
    }

    private static ServerFixture start(Map<String, Object> token, Map<String, Object> subscriptionToken) {
        ServerFixture.Builder b = ServerFixture.builder().client("token", token);
        if (subscriptionToken != null) {
            b.client("subscription_token", subscriptionToken);
        }
        return b.start();
    }

    private static CreatedProject[] projects(ServerFixture server) {
        ControlPlaneStore store = server.launcher().store();
        String owner = store.accounts().createUser("owner@example.com", "a-long-password-1")
                .toCompletableFuture().join().id();
        return new CreatedProject[] {
            store.projects().create(owner, "p").toCompletableFuture().join(),
            store.projects().create(owner, "q").toCompletableFuture().join()};
    }

    static HttpResponse<String> post(ServerFixture server, String endpoint, CreatedProject p, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/realtime/"
                        + endpoint)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "apikey " + p.serverApiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String mint(ServerFixture server, String endpoint, CreatedProject p, String body) {
        HttpResponse<String> r = post(server, endpoint, p, body);
        assertThat(r.statusCode()).as(endpoint + " " + r.body()).isEqualTo(200);
        try {
            return JSON.readTree(r.body()).get("token").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A raw WebSocket client connected with a token minted for the user in the project. */
    static WsClient connect(ServerFixture server, CreatedProject p, String user) {
        String token = mint(server, "token", p, "{\"userId\":\"" + user + "\"}");
        WsClient c = WsClient.open(server.wsUrl());
        c.send("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}");
        assertThat(c.nextLine()).startsWith("{\"id\":1,\"connect\":");
        return c;
    }

    private static String subscribe(String subToken) {
        return "{\"id\":2,\"subscribe\":{\"channel\":\"" + CHANNEL + "\",\"token\":\"" + subToken + "\"}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void mintedTokensWorkForTheirUserAndProjectOnly(Setting setting) {
        try (ServerFixture server = start(setting.token(), setting.subscriptionToken())) {
            CreatedProject[] pq = projects(server);
            CreatedProject p = pq[0];
            CreatedProject q = pq[1];
            String aliceSub = mint(server, "subscription-token", p,
                    "{\"userId\":\"alice\",\"channel\":\"" + CHANNEL + "\"}");
            try (WsClient alice = connect(server, p, "alice")) {
                alice.send(subscribe(aliceSub));
                assertThat(alice.nextLineContaining("\"id\":2")).contains("\"subscribe\"");
                assertThat(post(server, "publish", p, "{\"channel\":\"" + CHANNEL + "\",\"data\":{\"n\":1}}")
                        .statusCode()).isEqualTo(200);
                assertThat(alice.nextLineContaining("\"pub\"")).contains("{\"n\":1}");
                alice.send("{\"id\":3,\"presence\":{\"channel\":\"" + CHANNEL + "\"}}");
                assertThat(alice.nextLineContaining("\"id\":3")).as("the engine reads the minted user")
                        .contains("\"user\":\"alice\"");
            }
            try (WsClient bob = connect(server, p, "bob")) {
                bob.send(subscribe(aliceSub));
                assertThat(bob.closeReason()).as("alice's token on bob's connection").isEqualTo("3500 invalid token");
            }
            try (WsClient aliceInQ = connect(server, q, "alice")) {
                aliceInQ.send(subscribe(aliceSub));
                assertThat(aliceInQ.closeReason()).as("project P's token in project Q").isEqualTo("3500 invalid token");
            }
        }
    }

    static Stream<Setting> unsignable() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        return Stream.of(
                new Setting("client.token.hmac_secret_key", Map.of("rsa_public_key", pem), null),
                new Setting("client.token.jwks_public_endpoint",
                        token("jwks_public_endpoint", "http://127.0.0.1:9/jwks"), null),
                new Setting("client.token.audience_regex", token("audience_regex", "^realtime-"), null),
                new Setting("client.subscription_token.hmac_secret_key", token(),
                        Map.of("enabled", true, "rsa_public_key", pem)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsignable")
    void settingsThatAllowNoSignableTokenAnswer503NamingTheSetting(Setting setting) throws Exception {
        try (ServerFixture server = start(setting.token(), setting.subscriptionToken())) {
            CreatedProject p = projects(server)[0];
            boolean subscriptionOnly = setting.name().startsWith("client.subscription_token");
            HttpResponse<String> conn = post(server, "token", p, "{\"userId\":\"alice\"}");
            assertThat(conn.statusCode()).as(conn.body()).isEqualTo(subscriptionOnly ? 200 : 503);
            HttpResponse<String> sub = post(server, "subscription-token", p,
                    "{\"userId\":\"alice\",\"channel\":\"" + CHANNEL + "\"}");
            assertThat(sub.statusCode()).isEqualTo(503);
            JsonNode error = JSON.readTree(sub.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("unavailable");
            assertThat(error.get("message").asText()).startsWith("this server can not mint tokens: ")
                    .contains(setting.name());
        }
    }
}
