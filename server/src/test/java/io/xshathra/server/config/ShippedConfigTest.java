package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.config.ChannelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration shipped at the repository root: {@code centrifugo/config.json}. */
class ShippedConfigTest {

    static final Path SHIPPED = Path.of("..", "centrifugo", "config.json");

    @TempDir
    Path dir;

    @Test
    void loadsWithoutErrorsOrWarnings() {
        assertThat(SHIPPED).exists();
        LoadedConfig cfg = Fixtures.load(SHIPPED, Fixtures.env("XSHATHRA_DATA_DIR", dir.toString()));
        assertThat(cfg.warnings()).isEmpty();
        // It carries no secrets: development mode fills them, production sets them in the environment.
        assertThat(cfg.developmentDefaults()).isPresent();
        assertThat(Fixtures.load(SHIPPED, Fixtures.SECRETS).warnings()).isEmpty();
        assertThat(Fixtures.load(SHIPPED, Fixtures.env("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "s",
                "CENTRIFUGO_API_KEY", "k")).warnings()).allMatch(w -> w.contains("is a Centrifugo v5 name"));
    }

    @Test
    void definesTheProductNamespaces() throws Exception {
        LoadedConfig cfg = Fixtures.load(SHIPPED, Fixtures.SECRETS);
        assertThat(cfg.engine().channel().namespaces()).containsOnlyKeys("public", "chat", "match");

        ChannelOptions pub = cfg.engine().channel().namespaces().get("public");
        assertThat(pub.permissions().subscribeForClient()).isTrue();
        assertThat(pub.permissions().subscribeForAnonymous()).isTrue();
        assertThat(pub.permissions().publishForClient()).isFalse();
        assertThat(pub.permissions().publishForSubscriber()).isFalse();
        assertThat(pub.presence()).isTrue();
        assertThat(pub.historySize()).isEqualTo(100);
        assertThat(pub.historyTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(pub.forceRecovery()).isTrue();

        ChannelOptions chat = cfg.engine().channel().namespaces().get("chat");
        assertThat(chat.permissions().subscribeForClient()).as("needs a subscription token").isFalse();
        assertThat(chat.permissions().publishForSubscriber()).isTrue();
        assertThat(chat.permissions().publishForClient()).isFalse();
        assertThat(chat.presence()).isTrue();
        assertThat(chat.joinLeave()).isTrue();
        assertThat(chat.historyEnabled()).isTrue();
        assertThat(chat.forceRecovery()).isTrue();

        ChannelOptions match = cfg.engine().channel().namespaces().get("match");
        assertThat(match.permissions().subscribeForClient()).as("needs a subscription token").isFalse();
        assertThat(match.permissions().publishForClient()).isFalse();
        assertThat(match.permissions().publishForSubscriber()).isFalse();
        assertThat(match.permissions().publishForAnonymous()).isFalse();
        assertThat(match.historyEnabled()).isTrue();
        assertThat(match.forceRecovery()).isTrue();

        assertThat(Files.readString(SHIPPED)).doesNotContain("hmac_secret_key").doesNotContain("\"key\"");
    }
}
