package io.xshathra.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.xshathra.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The Redis engine's actual log lines and errors, captured with a Logback appender, while it
 * talks to a password-protected Redis: connecting, losing the server and getting it back, and
 * failing to connect. The password never appears, neither in a message nor in a stack trace.
 */
class RedisCredentialsLogTest {
    private static final String PW = "pw-" + Long.toHexString(System.nanoTime());
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.xshathra.redis");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    private String captured() {
        synchronized (appender.list) {
            return appender.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .collect(Collectors.joining("\n"));
        }
    }

    @Test
    void connectingAndLosingAProtectedRedisLogsNoPassword() throws Exception {
        int port = EmbeddedRedis.freePort();
        RedisServer server = protectedRedis(port);
        server.start();
        RedisEngineOptions o = RedisEngineOptions.standalone(List.of("redis://:" + PW + "@127.0.0.1:" + port), "redact")
                .withProbe(Duration.ofMillis(100), Duration.ofMillis(300));
        try (RedisEngine engine = RedisEngine.start(o, Clock.systemUTC())) {
            assertThat(engine.describe()).contains("redis://:***@127.0.0.1:" + port).doesNotContain(PW);
            server.stop();
            server = protectedRedis(port);
            server.start();
            Await.holdsWithin(Duration.ofSeconds(30), () -> captured().contains("is back"));
            assertThat(captured()).as("the reconnection was logged")
                    .contains("Pub/Sub connection to Redis redis://:***@127.0.0.1:" + port + " (engine.redis.address) is back");
        } finally {
            server.stop();
        }
        assertThat(captured()).doesNotContain(PW);
    }

    private static RedisServer protectedRedis(int port) throws java.io.IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").setting("requirepass " + PW).build();
    }

    @Test
    void aRedisThatIsNotThereIsReportedWithoutThePassword() {
        int port = EmbeddedRedis.freePort();
        RedisEngineOptions o = RedisEngineOptions.standalone(List.of("redis://user:" + PW + "@127.0.0.1:" + port), "x");
        assertThatThrownBy(() -> RedisEngine.start(o, Clock.systemUTC()).close())
                .isInstanceOf(RedisUnavailableException.class)
                .satisfies(e -> {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    assertThat(trace.toString()).contains("redis://user:***@127.0.0.1:" + port).doesNotContain(PW);
                });
        assertThat(captured()).doesNotContain(PW);
    }
}
