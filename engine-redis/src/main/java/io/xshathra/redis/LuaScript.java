package io.xshathra.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;

/**
 * One Lua script shipped as a resource beside this class. Runs by digest and falls back to
 * sending the body once when the server does not know it yet (a fresh or restarted Redis, a
 * replica promoted after a failover); or, for a script whose calls must apply in the order they
 * were made, always sends the body.
 *
 * <p>Why the two: a call by digest that Redis answers NOSCRIPT is sent again, with its body, only
 * when that answer is back. Any call made meanwhile on the same connection that finds its script
 * cached (another script, or this one loaded by another client in between) runs first.
 * Occupancy cannot have that: a node's removal from a channel's holders that runs after the
 * addition which followed it leaves the channel vacated while the node holds it, and the reverse
 * leaves it occupied by nobody, both for good. Redis still compiles a script sent with its body only once (it caches it by digest), so an
 * ordered script costs the transfer of its body, nothing more.
 */
final class LuaScript {
    static final LuaScript PUBLISH = load("publish.lua");
    static final LuaScript PUBLISH_ONCE = load("publish_once.lua");
    static final LuaScript HISTORY = load("history.lua");
    static final LuaScript PRESENCE_ADD = load("presence_add.lua");
    static final LuaScript PRESENCE_REMOVE = load("presence_remove.lua");
    static final LuaScript PRESENCE_GET = load("presence_get.lua");
    static final LuaScript MAP_UPDATE = load("map_update.lua");
    static final LuaScript MAP_READ = load("map_read.lua");
    static final LuaScript MAP_EXPIRE = load("map_expire.lua");
    static final LuaScript OCCUPANCY_ADD = ordered("occupancy_add.lua");
    static final LuaScript OCCUPANCY_REMOVE = ordered("occupancy_remove.lua");
    static final LuaScript OCCUPANCY_CLAIM = load("occupancy_claim.lua");

    private final byte[] body;
    private final String sha;
    private final boolean ordered;

    private LuaScript(byte[] body, boolean ordered) {
        this.body = body;
        this.ordered = ordered;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LuaScript load(String name) {
        return new LuaScript(read(name), false);
    }

    /** A script whose calls on one connection run in the order they were made, whatever Redis has cached. */
    private static LuaScript ordered(String name) {
        return new LuaScript(read(name), true);
    }

    private static byte[] read(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the script; completes with Redis' reply converted by {@code type}. The calls of an
     * {@linkplain #ordered ordered} script on one connection run in the order they were made.
     */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<byte[], byte[]> redis, ScriptOutputType type,
                               byte[][] keys, byte[]... args) {
        if (ordered) {
            return redis.eval(body, type, keys, args);
        }
        CompletionStage<T> bySha = redis.evalsha(sha, type, keys, args);
        return bySha.exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException
                    || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"))) {
                return redis.eval(body, type, keys, args);
            }
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        });
    }
}
