package io.xshathra.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same configuration written as a Centrifugo user would in JSON, YAML and TOML loads the same. */
class YamlTomlFileTest {

    @TempDir
    Path dir;

    private static final String JSON = """
            {
              "http_server": { "port": 8100 },
              "client": {
                "token": { "hmac_secret_key": "file-secret" },
                "allowed_origins": ["https://app.example.com"],
                "ping_interval": "20s",
                "queue_max_size": 2048
              },
              "http_api": { "key": "file-key" },
              "websocket": { "write_timeout": "2s" },
              "channel": {
                "namespaces": [
                  { "name": "chat", "presence": true, "history_size": 100, "history_ttl": "300s",
                    "allowed_delta_types": ["fossil"], "allow_subscribe_for_client": true }
                ]
              },
              "engine": { "type": "memory" }
            }
            """;

    private static final String YAML = """
            http_server:
              port: 8100
            client:
              token:
                hmac_secret_key: file-secret
              allowed_origins:
                - https://app.example.com
              ping_interval: 20s
              queue_max_size: 2048
            http_api:
              key: file-key
            websocket:
              write_timeout: 2s
            channel:
              namespaces:
                - name: chat
                  presence: true
                  history_size: 100
                  history_ttl: 300s
                  allowed_delta_types: [fossil]
                  allow_subscribe_for_client: true
            engine:
              type: memory
            """;

    private static final String TOML = """
            [http_server]
            port = 8100

            [client]
            allowed_origins = ["https://app.example.com"]
            ping_interval = "20s"
            queue_max_size = 2048

            [client.token]
            hmac_secret_key = "file-secret"

            [http_api]
            key = "file-key"

            [websocket]
            write_timeout = "2s"

            [[channel.namespaces]]
            name = "chat"
            presence = true
            history_size = 100
            history_ttl = "300s"
            allowed_delta_types = ["fossil"]
            allow_subscribe_for_client = true

            [engine]
            type = "memory"
            """;

    private LoadedConfig load(String name, String text) {
        return Fixtures.load(Fixtures.write(dir, name, text), Map.of());
    }

    @Test
    void yamlAndTomlLoadLikeJson() {
        LoadedConfig json = load("config.json", JSON);
        assertThat(json.engine().client().token().hmacSecretKey()).isEqualTo("file-secret");
        assertThat(json.engine().client().pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(json.engine().channel().namespaces()).containsKey("chat");
        for (String[] other : new String[][] {{"config.yaml", YAML}, {"config.yml", YAML}, {"config.toml", TOML}}) {
            LoadedConfig cfg = load(other[0], other[1]);
            assertThat(cfg.warnings()).as(other[0]).isEqualTo(json.warnings());
            assertThat(cfg.engine().toString()).as(other[0]).isEqualTo(json.engine().toString());
            assertThat(cfg.server().toString()).as(other[0]).isEqualTo(json.server().toString());
        }
    }

    @Test
    void theSameRulesApply() {
        assertThatThrownBy(() -> load("bad.yaml", "client:\n  ping_interval: 20\n"))
                .hasMessageContaining("client.ping_interval");
        assertThatThrownBy(() -> load("bad.toml", "[client]\nping_interval = 20\n"))
                .hasMessageContaining("client.ping_interval");
    }

    @Test
    void malformedFilesNameTheFormatAndTheLine() {
        Path yaml = Fixtures.write(dir, "broken.yaml", "client:\n  token: [unclosed\n");
        assertThatThrownBy(() -> Fixtures.load(yaml, Fixtures.SECRETS))
                .hasMessageStartingWith("config: " + yaml + ": malformed YAML at line")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Path toml = Fixtures.write(dir, "broken.toml", "[client\nping_interval = \"20s\"\n");
        assertThatThrownBy(() -> Fixtures.load(toml, Fixtures.SECRETS))
                .hasMessageStartingWith("config: " + toml + ": malformed TOML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Path duplicate = Fixtures.write(dir, "dup.yaml", "http_api:\n  key: a\nhttp_api:\n  key: b\n");
        assertThatThrownBy(() -> Fixtures.load(duplicate, Fixtures.SECRETS))
                .hasMessageContaining("malformed YAML").hasMessageContaining("http_api");
        Path list = Fixtures.write(dir, "list.yaml", "- a\n- b\n");
        assertThatThrownBy(() -> Fixtures.load(list, Fixtures.SECRETS))
                .hasMessageEndingWith("the top level must be a mapping of keys");
        Path empty = Fixtures.write(dir, "empty.yaml", "\n");
        assertThatThrownBy(() -> Fixtures.load(empty, Fixtures.SECRETS))
                .hasMessageEndingWith("malformed YAML: the file is empty");
    }
}
