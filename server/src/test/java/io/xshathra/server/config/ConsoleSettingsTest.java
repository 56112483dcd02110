package io.xshathra.server.config;

import static io.xshathra.server.config.Fixtures.withSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xshathra.controlplane.console.ConsoleOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xshathra.trusted_proxies}, {@code xshathra.console.secure_cookies} and {@code xshathra.console.hsts_max_age}. */
class ConsoleSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsTrustNoProxyDetectHttpsAndSendNoHsts() {
        ConsoleOptions c = Fixtures.load(null, withSecrets()).server().console();
        assertThat(c.trustedProxies().isEmpty()).isTrue();
        assertThat(c.secureCookies()).isEqualTo(ConsoleOptions.SecureCookies.AUTO);
        assertThat(c.hstsMaxAge()).isZero();
    }

    @Test
    void fromTheFile() throws Exception {
        Path file = Fixtures.write(dir, "config.json", "{\"xshathra\": {\"trusted_proxies\": [\"10.0.0.0/8\", \"::1\"],"
                + " \"console\": {\"secure_cookies\": \"always\", \"hsts_max_age\": \"8760h\"}}}");
        LoadedConfig cfg = new ConfigLoader().load(file, withSecrets(), CliOverrides.none());
        ConsoleOptions c = cfg.server().console();
        assertThat(c.trustedProxies().contains(InetAddress.getByName("10.20.30.40"))).isTrue();
        assertThat(c.trustedProxies().contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(c.trustedProxies().contains(InetAddress.getByName("192.0.2.1"))).isFalse();
        assertThat(c.secureCookies()).isEqualTo(ConsoleOptions.SecureCookies.ALWAYS);
        assertThat(c.hstsMaxAge()).isEqualTo(Duration.ofDays(365));
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void fromTheEnvironment() throws Exception {
        ConsoleOptions c = Fixtures.load(null, withSecrets("XSHATHRA_TRUSTED_PROXIES", "127.0.0.1 172.16.0.0/12",
                "XSHATHRA_CONSOLE_SECURE_COOKIES", "never", "XSHATHRA_CONSOLE_HSTS_MAX_AGE", "1h")).server().console();
        assertThat(c.trustedProxies().contains(InetAddress.getByName("172.17.0.2"))).isTrue();
        assertThat(c.secureCookies()).isEqualTo(ConsoleOptions.SecureCookies.NEVER);
        assertThat(c.hstsMaxAge()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aBadValueStopsLoadingNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.load(null, withSecrets("XSHATHRA_TRUSTED_PROXIES", "proxy.local")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xshathra.trusted_proxies")
                .hasMessageContaining("proxy.local");
        assertThatThrownBy(() -> Fixtures.load(null, withSecrets("XSHATHRA_CONSOLE_SECURE_COOKIES", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xshathra.console.secure_cookies");
        assertThatThrownBy(() -> Fixtures.load(null, withSecrets("XSHATHRA_CONSOLE_HSTS_MAX_AGE", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("xshathra.console.hsts_max_age");
    }
}
