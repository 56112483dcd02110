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
import redis.embedded.RedisServer;

/**
 * A real Redis (the binary shipped in the embedded-redis jar) on a free loopback port, without
 * persistence, so a restart loses everything as a crashed cache would. Also a plain client for
 * tests that inspect or age keys.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private final int port;
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
        }
    }
}
