package io.xshathra.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.SubscriptionToken;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.engine.token.TokenVerifier;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The debug subscriber's tokens come from the engine's minter, so they pass the engine's verifiers. */
class ConsoleTokensTest {
    private static final ChannelRules RULES = new ChannelRules(ChannelConfig.defaults().withNamespaces(
            ChannelOptions.builder().build(), Map.of("chat", ChannelOptions.builder().build())));

    @Test
    void tokensFollowTheEngineSettings() throws Exception {
        TokenConfig conn = new TokenConfig("c-secret", "", 0, "aud-1", null, "iss-1", Pattern.compile("^iss"), "uid");
        TokenConfig sub = new TokenConfig("s-secret", "", 0, "aud-2", null, "", null, "sub_uid");
        ClientConfig client = ClientConfig.defaults("").withTokens(conn, sub);
        ConsoleTokens tokens = new ConsoleTokens(new TokenMinter(client, RULES, Clock.systemUTC()));
        assertThat(tokens.available()).isTrue();
        ConsoleTokens.Pair pair = tokens.mint("acct_1", "proj_1", "chat:room");
        ConnectToken ct = new TokenVerifier(conn, Clock.systemUTC()).verifyConnectToken(pair.connectionToken());
        SubscriptionToken st = new TokenVerifier(sub, Clock.systemUTC()).verifySubscriptionToken(pair.subscriptionToken());
        assertThat(ct.userId()).isEqualTo("console:acct_1").isEqualTo(st.userId()).isEqualTo(pair.user());
        assertThat(ct.projectId()).isEqualTo("proj_1").isEqualTo(st.projectId());
        assertThat(st.channel()).isEqualTo("chat:room");
        assertThat(pair.toString()).doesNotContain(pair.connectionToken());
    }

    @Test
    void withoutASecretTheSubscriberSaysWhy() {
        ConsoleTokens tokens = new ConsoleTokens(new TokenMinter(ClientConfig.defaults(""), RULES, Clock.systemUTC()));
        assertThat(tokens.available()).isFalse();
        assertThat(tokens.unavailableReason()).contains("client.token.hmac_secret_key");
        assertThatThrownBy(() -> tokens.mint("acct_1", "proj_1", "chat:room")).isInstanceOf(TokenMinter.CannotSign.class);
    }
}
