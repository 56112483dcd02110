package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.server.ServerLauncher;
import io.xshathra.server.Version;
import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<LoadedConfig> launched = new AtomicReference<>();
    private final Map<String, String> env = new HashMap<>();

    private int run(String... args) {
        ServerLauncher launcher = cfg -> {
            launched.set(cfg);
            return 0;
        };
        return run(launcher, args);
    }

    private int run(ServerLauncher launcher, String... args) {
        env.putIfAbsent("XSHATHRA_DATA_DIR", dir.resolve("data").toString());
        CommandLine cli = Cli.create(env, launcher, dir);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aCommandLineForOneCommandHoldsThatCommandAloneWithTheSameModel() {
        CommandLine full = Cli.create(env, ServerLauncher.UNAVAILABLE, dir);
        assertThat(full.getSubcommands()).hasSizeGreaterThan(5);
        for (Map.Entry<String, CommandLine> e : full.getSubcommands().entrySet()) {
            CommandLine one = Cli.forArguments(new String[] {e.getKey(), "--help"}, env, ServerLauncher.UNAVAILABLE,
                    dir);
            assertThat(one.getSubcommands().keySet()).containsExactly(e.getKey());
            assertSameUsage(one.getSubcommands().get(e.getKey()), e.getValue());
        }
        // No command, an option first, or a misspelt command: the full tree, for usage and suggestions.
        for (String[] args : new String[][] {{}, {"--help"}, {"serv"}}) {
            assertThat(Cli.forArguments(args, env, ServerLauncher.UNAVAILABLE, dir).getSubcommands().keySet())
                    .containsExactlyElementsOf(full.getSubcommands().keySet());
        }
    }

    private static void assertSameUsage(CommandLine actual, CommandLine expected) {
        assertThat(actual.getUsageMessage()).isEqualTo(expected.getUsageMessage());
        assertThat(actual.getSubcommands().keySet()).containsExactlyElementsOf(expected.getSubcommands().keySet());
        actual.getSubcommands().forEach((name, sub) -> assertSameUsage(sub, expected.getSubcommands().get(name)));
    }

    @Test
    void versionCommandAndFlag() {
        assertThat(run("version")).isZero();
        assertThat(out.toString().strip()).isEqualTo(Version.banner())
                .matches("Xshathra Realtime \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Centrifugo protocol compatible\\)");
        assertThat(run("--version")).isZero();
    }

    @Test
    void noCommandPrintsUsageAsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: xshathra").contains("serve").contains("genconfig")
                .contains("checkconfig").contains("version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "genconfig", "checkconfig", "version"})
    void everySubcommandHasHelp(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: xshathra " + command);
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
        assertThat(run("serve", "--port", "many")).isEqualTo(2);
        assertThat(run("nosuchcommand")).isEqualTo(2);
        assertThat(run("checkconfig")).isEqualTo(2);
    }

    @Test
    void genconfigWritesAFileThatLoadsCleanly() throws Exception {
        assertThat(run("genconfig")).isZero();
        Path file = dir.resolve("config.json");
        assertThat(out.toString()).contains("wrote " + file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.at("/client/token/hmac_secret_key").asText()).hasSize(43);
        assertThat(json.at("/http_api/key").asText()).hasSize(43);
        assertThat(json.at("/client/allowed_origins").isArray()).isTrue();
        assertThat(Files.readString(file)).contains("\"allowed_origins\": []").contains("\"name\": \"public\"");

        LoadedConfig cfg = new ConfigLoader().load(file, Map.of(), CliOverrides.none());
        assertThat(cfg.warnings()).isEmpty();
        assertThat(cfg.developmentDefaults()).isEmpty();
        assertThat(cfg.engine().client().token().hmacSecretKey()).isEqualTo(json.at("/client/token/hmac_secret_key").asText());
        assertThat(cfg.engine().channel().namespaces()).containsOnlyKeys("public", "chat", "match");

        assertThat(run("checkconfig", file.toString())).isZero();
    }

    @Test
    void genconfigRefusesToOverwriteWithoutForce() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.json"), "{}");
        assertThat(run("genconfig", "-c", "mine.json")).isEqualTo(1);
        assertThat(err.toString()).contains("already exists; use --force");
        assertThat(Files.readString(file)).isEqualTo("{}");
        assertThat(run("genconfig", "-c", "mine.json", "--force")).isZero();
        assertThat(Files.readString(file)).contains("hmac_secret_key");
        String first = Files.readString(file);
        assertThat(run("genconfig", "--config", "sub/dir/other.json")).isZero();
        assertThat(Files.readString(dir.resolve("sub/dir/other.json"))).isNotEqualTo(first);
    }

    @Test
    void genconfigNamespacesMatchTheShippedConfig() throws Exception {
        JsonNode shipped = new ObjectMapper().readTree(Path.of("..", "centrifugo", "config.json").toFile());
        assertThat(shipped.at("/channel/namespaces")).isEqualTo(GeneratedConfig.namespaces());
    }

    @Test
    void checkconfigExitCodes() throws Exception {
        Path good = Files.writeString(dir.resolve("good.json"), "{\"api_key\": \"k\", \"token_hmac_secret_key\": \"s\"}");
        assertThat(run("checkconfig", good.toString())).isZero();
        assertThat(out.toString()).contains("configuration is valid: " + good);
        assertThat(err.toString()).contains("warning: \"api_key\" is a Centrifugo v5 name; use http_api.key");

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"client\": {\"ping_interval\": \"5s\"}}");
        assertThat(run("checkconfig", "-c", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("config: client.ping_interval: must be greater than client.pong_timeout\n");

        assertThat(run("checkconfig", "missing.json")).isEqualTo(1);
        assertThat(err.toString()).contains("config: " + dir.resolve("missing.json") + ": file not found");
    }

    @Test
    void checkconfigNeverWritesDevelopmentSecrets() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{}");
        assertThat(run("checkconfig", file.toString())).isZero();
        assertThat(err.toString()).contains("note: development mode");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void serveLoadsTheConfigurationAndCallsTheLauncher() throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"http_server\": {\"port\": 8000}}");
        env.put("CENTRIFUGO_API_KEY", "k");
        env.put("CENTRIFUGO_TOKEN_HMAC_SECRET_KEY", "s");
        assertThat(run("serve", "-c", "x.json", "-p", "9100", "-a", "0.0.0.0", "--data-dir", "d", "--log-level", "warn"))
                .isZero();
        LoadedConfig cfg = launched.get();
        assertThat(cfg.server().port()).isEqualTo(9100);
        assertThat(cfg.server().address()).isEqualTo("0.0.0.0");
        assertThat(cfg.server().dataDir()).isEqualTo(dir.resolve("d"));
        assertThat(cfg.server().logLevel()).isEqualTo("warn");
        assertThat(cfg.engine().httpApi().key()).isEqualTo("k");
        assertThat(file).exists();
    }

    @Test
    void serveAcceptsCentrifugoFlagSpellings() {
        env.put("CENTRIFUGO_API_KEY", "k");
        assertThat(run("serve", "--http_server.port", "9200", "--log.level", "debug")).isZero();
        assertThat(launched.get().server().port()).isEqualTo(9200);
        assertThat(launched.get().server().logLevel()).isEqualTo("debug");
    }

    @Test
    void serveFindsTheDefaultFiles() throws Exception {
        Files.createDirectories(dir.resolve("centrifugo"));
        Files.writeString(dir.resolve("centrifugo/config.json"), "{\"http_server\": {\"port\": 8001}}");
        assertThat(run("serve")).isZero();
        assertThat(launched.get().server().port()).isEqualTo(8001);

        Files.writeString(dir.resolve("config.json"), "{\"http_server\": {\"port\": 8002}}");
        assertThat(run("serve")).isZero();
        assertThat(launched.get().server().port()).isEqualTo(8002);

        Files.writeString(dir.resolve("env.json"), "{\"http_server\": {\"port\": 8003}}");
        env.put("XSHATHRA_CONFIG", "env.json");
        assertThat(run("serve")).isZero();
        assertThat(launched.get().server().port()).isEqualTo(8003);
    }

    @Test
    void serveWithoutAnyFileUsesDevelopmentDefaults() {
        assertThat(run("serve")).isZero();
        assertThat(launched.get().developmentDefaults()).isPresent();
        assertThat(dir.resolve("data").resolve("dev-secrets.json")).exists();
    }

    @Test
    void serveStopsOnAConfigurationErrorWithOneLine() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"client\": {\"channel_limit\": -1}}");
        assertThat(run("serve", "-c", "bad.json")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("config: client.channel_limit: must not be negative, got -1\n");
        assertThat(launched.get()).isNull();
        assertThat(run("serve", "-p", "-1")).isEqualTo(1);
    }

    @Test
    void theDefaultLauncherReportsTheServerIsNotAvailable() {
        env.put("CENTRIFUGO_API_KEY", "k");
        assertThat(run(ServerLauncher.UNAVAILABLE, "serve")).isEqualTo(1);
    }

    @Test
    void launcherExitCodeIsTheProcessExitCode() {
        env.put("CENTRIFUGO_API_KEY", "k");
        assertThat(run(cfg -> 3, "serve")).isEqualTo(3);
        assertThat(run(cfg -> {
            throw new IllegalStateException("boom");
        }, "serve")).isEqualTo(1);
    }
}
