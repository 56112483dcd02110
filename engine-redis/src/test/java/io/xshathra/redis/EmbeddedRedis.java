package io.xshathra.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * A real Redis (the binary shipped in the embedded-redis jar) on a free loopback port, without
 * persistence, so a restart loses everything as a crashed cache would. Also a plain client for
 * tests that inspect or age keys. {@link #perTestClass()} makes one that a test class registers
 * as a JUnit extension.
 */
public final class EmbeddedRedis implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private int port;
    private RedisServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    private EmbeddedRedis(int port) {
        this.port = port;
    }

    /** Starts a Redis on a free port. */
    public static EmbeddedRedis start() {
        EmbeddedRedis r = new EmbeddedRedis(freePort());
        r.startServer();
        return r;
    }

    /**
     * A Redis for one test class, for a static {@code @RegisterExtension} field: it starts before
     * the class's {@code @BeforeAll} methods and stops after its {@code @AfterAll} methods, so the
     * engines those start are closed before Redis goes away.
     */
    public static EmbeddedRedis perTestClass() {
        return new EmbeddedRedis(0);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        port = freePort();
        startServer();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        try {
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (its data is gone). */
    public void stop() {
        try {
            if (connection != null) {
                connection.close();
                connection = null;
            }
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it again on the same port, empty. */
    public void restart() {
        startServer();
    }

    public int port() {
        return port;
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** A synchronous client for inspecting keys. */
    public synchronized RedisCommands<String, String> commands() {
        if (client == null) {
            client = RedisClient.create(address());
        }
        if (connection == null || !connection.isOpen()) {
            connection = client.connect();
        }
        return connection.sync();
    }

    /**
     * Makes every key under {@code prefix} behave as if {@code d} had passed: TTLs shrink by it,
     * and keys whose TTL would have run out are deleted. Keys without TTL stay.
     */
    public void age(String prefix, Duration d) {
        RedisCommands<String, String> redis = commands();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            List<String> keys = page.getKeys();
            for (String k : keys) {
                long ttl = redis.pttl(k);
                if (ttl < 0) {
                    continue;
                }
                long left = ttl - d.toMillis();
                if (left <= 0) {
                    redis.del(k);
                } else {
                    redis.pexpire(k, left);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Override
    public void close() {
        stop();
        if (client != null) {
            client.shutdown();
            client = null;
        }
    }
}
