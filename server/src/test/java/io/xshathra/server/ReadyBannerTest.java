package io.xshathra.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyBannerTest {

    @TempDir
    Path dir;

    @Test
    void namesEveryAddressTheFolderAndTheMode() {
        LoadedConfig cfg = ConfigLoader.forChecking().load(null, Map.of(),
                new CliOverrides(3001, "0.0.0.0", dir.resolve("data"), null, null));
        String banner = ReadyBanner.of(cfg, 3001, "memory (this node only)", "jdbc:sqlite:data/xshathra.db", 0, 0);
        assertThat(banner.lines().toList()).hasSize(7);
        assertThat(banner).startsWith("Xshathra " + Version.number() + " is ready (listening on every interface)")
                .contains("  console      http://localhost:3001/\n")
                .contains("  WebSocket    ws://localhost:3001/realtime/connection/websocket")
                .contains("http://localhost:3001/realtime/api", "http://localhost:3001/api/realtime/")
                .contains("  data folder  " + dir.resolve("data").toAbsolutePath() + " · database jdbc:sqlite:data/xshathra.db")
                .contains("  mode         development: generated secrets in ")
                .doesNotContain("gRPC");
    }

    @Test
    void hostsArePrintable() {
        assertThat(ReadyBanner.host("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(ReadyBanner.host("::1")).isEqualTo("[::1]");
        assertThat(ReadyBanner.host("::")).isEqualTo("localhost");
    }
}
