package io.xshathra.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.redis.EmbeddedRedis;
import io.xshathra.server.EngineLauncher;
import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The server's real startup log lines, captured with a Logback appender, when the Redis address
 * carries a password: the engine line of a successful start, and the one-line error of a start
 * whose Redis is not there. Neither shows the password.
 */
class RedisCredentialsIT {
    private static final String PW = "it-redis-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger launcherLog = (Logger) LoggerFactory.getLogger(EngineLauncher.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        level = root.getLevel();
        root.setLevel(Level.INFO);
        // The engine line is logged at debug level (the ready block repeats it at info).
        launcherLog.setLevel(Level.DEBUG);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        root.setLevel(level);
        launcherLog.setLevel(null);
    }

    private String logged() {
        synchronized (appender.list) {
            return appender.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .collect(Collectors.joining("\n"));
        }
    }

    private LoadedConfig config(String redisAddress) throws Exception {
        Path file = dir.resolve("config.json");
        JSON.writeValue(file.toFile(), Map.of(
                "client", Map.of("token", Map.of("hmac_secret_key", "it-secret")),
                "http_api", Map.of("key", "it-api-key"),
                "engine", Map.of("type", "redis", "redis", Map.of("address", redisAddress, "prefix", "cred"))));
        return new ConfigLoader().load(file, Map.of(), new CliOverrides(0, "127.0.0.1", dir.resolve("data"), null, null));
    }

    @Test
    void theEngineLineAtStartupMasksThePassword() throws Exception {
        int port = EmbeddedRedis.freePort();
        RedisServer redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").setting("requirepass " + PW).build();
        redis.start();
        try (EngineLauncher server = EngineLauncher.start(config("redis://:" + PW + "@127.0.0.1:" + port))) {
            assertThat(server.port()).isPositive();
            assertThat(server.engineDescription()).isEqualTo("Redis redis://:***@127.0.0.1:" + port + " (engine.redis.address)");
        } finally {
            redis.stop();
        }
        assertThat(logged()).contains("engine: Redis redis://:***@127.0.0.1:" + port + " (engine.redis.address)")
                .doesNotContain(PW);
    }

    @Test
    void aRedisThatIsNotThereStopsStartupWithoutShowingThePassword() throws Exception {
        int port = EmbeddedRedis.freePort();
        assertThat(EngineLauncher.run(config("redis://user:" + PW + "@127.0.0.1:" + port))).isEqualTo(1);
        assertThat(logged()).contains("cannot start: cannot connect to Redis redis://user:***@127.0.0.1:" + port)
                .doesNotContain(PW);
    }
}
