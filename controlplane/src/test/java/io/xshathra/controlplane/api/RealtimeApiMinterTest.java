package io.xshathra.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.controlplane.Project;
import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.api.ApiExecutor;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.SubscriptionToken;
import io.xshathra.engine.token.TokenMinter;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The token API mints through the engine's {@link TokenMinter}: whatever the engine's verifier
 * settings, a minted token is accepted by the node's own verifiers with the right user and
 * project, and settings that allow no such token answer 503 naming the setting.
 */
class RealtimeApiMinterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Project P = new Project("proj_P", "p", "acct_1", "xs_pk_p", "xs_sk_pppp", Instant.EPOCH);

    private static Node node(TokenConfig connection, TokenConfig subscription) {
        EngineConfig base = EngineConfig.defaults("", "operator-key");
        EngineConfig cfg = base.withClient(base.client().withTokens(connection, subscription))
                .withChannel(base.channel().withNamespaces(ChannelOptions.builder().build(),
                        Map.of("chat", ChannelOptions.builder().build())));
        return EngineParts.builder(cfg, Clock.systemUTC()).version("t").build();
    }

    private static RealtimeApi api(Node node) {
        return new RealtimeApi(new ApiExecutor(node.api()), node.channelRules(),
                new TokenMinter(node.config().client(), node.channelRules(), Clock.systemUTC()), 1024);
    }

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void everyVerifierSettingIsHonoured() throws Exception {
        TokenConfig connection = new TokenConfig("conn-secret", "", 0, "realtime", Pattern.compile("^real"),
                "https://backend.example", null, "user_id");
        TokenConfig subscription = new TokenConfig("sub-secret", "", 0, "", null, "", Pattern.compile("^$"), "uid");
        Node node = node(connection, subscription);
        RealtimeApi api = api(node);
        String token = api.token(P, body("{\"userId\":\"alice\",\"channels\":[\"chat:a\"]}")).body().get("token").asText();
        ConnectToken ct = node.connectionTokens().verifyConnectToken(token);
        assertThat(ct.userId()).isEqualTo("alice");
        assertThat(ct.projectId()).isEqualTo("proj_P");
        assertThat(ct.channels()).containsExactly("chat:a");
        String sub = api.subscriptionToken(P, body("{\"userId\":\"alice\",\"channel\":\"chat:a\"}")).body()
                .get("token").asText();
        SubscriptionToken st = node.subscriptionTokens().verifySubscriptionToken(sub);
        assertThat(st.userId()).isEqualTo("alice");
        assertThat(st.projectId()).isEqualTo("proj_P");
        assertThat(st.channel()).isEqualTo("chat:a");
    }

    @Test
    void publicKeysOnlyIsA503NamingTheSetting() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        TokenConfig rsaOnly = TokenConfig.hmac("").withPublicKeys(pem, "", "");
        RealtimeApi api = api(node(rsaOnly, rsaOnly));
        ApiProblem.Failure f = catchThrowableOfType(ApiProblem.Failure.class,
                () -> api.token(P, body("{\"userId\":\"alice\"}")));
        assertThat(f.problem.status().code()).isEqualTo(503);
        assertThat(f.problem.code()).isEqualTo("unavailable");
        assertThat(f.problem.message()).startsWith("this server can not mint tokens: ")
                .contains("client.token.hmac_secret_key");
        ApiProblem.Failure sub = catchThrowableOfType(ApiProblem.Failure.class,
                () -> api.subscriptionToken(P, body("{\"userId\":\"alice\",\"channel\":\"chat:a\"}")));
        assertThat(sub.problem.status().code()).isEqualTo(503);
    }

    @Test
    void onlyTheKindThatCanNotBeSignedIsRefused() throws Exception {
        TokenConfig jwks = TokenConfig.hmac("sub-secret").withPublicKeys("", "", "https://keys.example.com/jwks");
        Node node = node(TokenConfig.hmac("conn-secret"), jwks);
        RealtimeApi api = api(node);
        String token = api.token(P, body("{\"userId\":\"alice\"}")).body().get("token").asText();
        assertThat(node.connectionTokens().verifyConnectToken(token).userId()).isEqualTo("alice");
        ApiProblem.Failure f = catchThrowableOfType(ApiProblem.Failure.class,
                () -> api.subscriptionToken(P, body("{\"userId\":\"alice\",\"channel\":\"chat:a\"}")));
        assertThat(f.problem.status().code()).isEqualTo(503);
        assertThat(f.problem.message()).contains("client.subscription_token.jwks_public_endpoint");
    }
}
