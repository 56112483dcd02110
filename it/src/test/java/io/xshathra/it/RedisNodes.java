package io.xshathra.it;

import io.xshathra.redis.EmbeddedRedis;
import java.util.Map;

/** Helpers for tests that run several nodes sharing one Redis. */
final class RedisNodes {
    private RedisNodes() {
    }

    /** A node of the cluster: the default fixture configuration on the Redis engine. */
    static ServerFixture.Builder node(EmbeddedRedis redis, String prefix) {
        return ServerFixture.builder().set("engine", Map.of("type", "redis",
                "redis", Map.of("address", redis.address(), "prefix", prefix)));
    }
}
