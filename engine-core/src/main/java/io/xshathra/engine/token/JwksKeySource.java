package io.xshathra.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a JWKS endpoint, fetched over HTTP and cached by {@code kid}.
 *
 * <p>Nothing here blocks the caller: {@link #cached} answers from memory, and {@link #fetch}
 * returns a stage completed by the HTTP client's own threads. The set is fetched on first need,
 * again when a token names a {@code kid} the cache lacks (key rotation), and in the background
 * once it is older than the refresh interval (tokens with known keys keep being verified with
 * the cached set meanwhile). Fetches are single-flight and start at most once per
 * {@code minFetchInterval}: callers that miss during the pause share the next fetch, so a flood
 * of tokens with made-up {@code kid}s costs the endpoint one request per interval.
 *
 * <p>Thread-safe: the key map is replaced whole, the fetch state is guarded by {@code this}.
 */
final class JwksKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);
    static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofHours(1);
    static final Duration DEFAULT_MIN_FETCH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final URI uri;
    private final Clock clock;
    private final HttpClient http;
    private final long refreshIntervalMillis;
    private final long minFetchIntervalMillis;
    private volatile Map<String, Jwk> keys = Map.of();
    private volatile long fetchedAt;
    private CompletableFuture<Void> inFlight;
    private long lastFetchStart = Long.MIN_VALUE / 2;

    JwksKeySource(URI uri, Clock clock, Duration refreshInterval, Duration minFetchInterval) {
        this.uri = uri;
        this.clock = clock;
        this.refreshIntervalMillis = refreshInterval.toMillis();
        this.minFetchIntervalMillis = minFetchInterval.toMillis();
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * The cached key for {@code kid}, or null when the cache lacks it. Starts a background
     * refresh when the cached set is older than the refresh interval.
     */
    Jwk cached(String kid) {
        Jwk key = keys.get(kid);
        if (key != null && clock.millis() - fetchedAt > refreshIntervalMillis) {
            refresh();
        }
        return key;
    }

    /**
     * Fetches the set (or joins the pending fetch) and looks {@code kid} up in it.
     *
     * @return a stage with the key, or null when the fresh set lacks it; it fails when the
     *         endpoint cannot be read
     */
    CompletionStage<Jwk> fetch(String kid) {
        return refresh().thenApply(v -> keys.get(kid));
    }

    private synchronized CompletableFuture<Void> refresh() {
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        inFlight = f;
        long delay = Math.max(0, lastFetchStart + minFetchIntervalMillis - clock.millis());
        if (delay == 0) {
            start(f);
        } else {
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> start(f));
        }
        return f;
    }

    private void start(CompletableFuture<Void> f) {
        synchronized (this) {
            lastFetchStart = clock.millis();
        }
        CompletableFuture<HttpResponse<InputStream>> sent;
        try {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                    .GET().build();
            sent = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.thenApply(this::parse)
                .whenComplete((set, e) -> {
                    if (e == null) {
                        keys = set;
                        fetchedAt = clock.millis();
                    } else {
                        LOG.warn("JWKS fetch from {} failed: {}", uri, rootMessage(e));
                    }
                    synchronized (this) {
                        inFlight = null;
                    }
                    if (e == null) {
                        f.complete(null);
                    } else {
                        f.completeExceptionally(e);
                    }
                });
    }

    private Map<String, Jwk> parse(HttpResponse<InputStream> res) {
        try (InputStream in = res.body()) {
            if (res.statusCode() != 200) {
                throw new IllegalStateException("HTTP status " + res.statusCode());
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IllegalStateException("key set larger than " + MAX_BODY_BYTES + " bytes");
            }
            JsonNode root = ClaimReader.JSON.readTree(body);
            JsonNode list = root == null ? null : root.get("keys");
            if (list == null || !list.isArray()) {
                throw new IllegalStateException("no \"keys\" array");
            }
            Map<String, Jwk> out = new HashMap<>();
            for (JsonNode n : list) {
                Jwk k = Jwk.parse(n);
                if (k != null) {
                    out.putIfAbsent(k.kid(), k);
                }
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable key set: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
