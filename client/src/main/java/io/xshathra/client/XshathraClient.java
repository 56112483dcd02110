package io.xshathra.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The Xshathra API of one project, for the project's backend: connection and subscription
 * tokens, publish, the tenant API (history, presence, channels, broadcast, unsubscribe,
 * disconnect) and the project's usage per minute, all in the project's own channel space and authenticated with its
 * {@code server_api_key}.
 *
 * <pre>{@code
 * XshathraClient xs = XshathraClient.builder()
 *         .baseUrl("http://127.0.0.1:3001")
 *         .serverKey(System.getenv("XSHATHRA_SERVER_KEY"))
 *         .timeout(Duration.ofSeconds(5))
 *         .build();
 * Token t = xs.token(TokenRequest.of("alice").withTtlSeconds(600));
 * xs.publish(PublishRequest.json("public:lobby", Map.of("text", "hello")));
 * }</pre>
 *
 * <p>Every method has a synchronous form, which waits, and an {@code …Async} form returning a
 * {@link CompletableFuture}; the synchronous one waits for the asynchronous one. Failures are
 * {@link XshathraException}s (thrown, or completing the future exceptionally): see its
 * subclasses. Thread-safe and meant to be shared: build one per application and server. The
 * server key never appears in an exception, in {@link #toString()} or anywhere but the
 * {@code Authorization} header; the library logs nothing.
 */
public final class XshathraClient {
    private final HttpCaller caller;
    private final URI base;

    private XshathraClient(HttpCaller caller, URI base) {
        this.caller = caller;
        this.base = base;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code POST /api/realtime/token}: a connection token for a browser or app. */
    public Token token(TokenRequest request) {
        return await(tokenAsync(request));
    }

    public CompletableFuture<Token> tokenAsync(TokenRequest request) {
        return caller.post("token", () -> Requests.token(request), Answers::token);
    }

    /** {@code POST /api/realtime/subscription-token}: lets one user subscribe to one channel. */
    public Token subscriptionToken(SubscriptionTokenRequest request) {
        return await(subscriptionTokenAsync(request));
    }

    public CompletableFuture<Token> subscriptionTokenAsync(SubscriptionTokenRequest request) {
        return caller.post("subscription-token", () -> Requests.subscriptionToken(request), Answers::token);
    }

    /** {@code POST /api/realtime/publish}: one publication into one channel. */
    public PublishResult publish(PublishRequest request) {
        return await(publishAsync(request));
    }

    public CompletableFuture<PublishResult> publishAsync(PublishRequest request) {
        return caller.post("publish", () -> Requests.publish(request), n -> Answers.publish(n, request.channel()));
    }

    /** {@code POST /api/realtime/history}: a page of a channel's history and its current position. */
    public HistoryResult history(HistoryRequest request) {
        return await(historyAsync(request));
    }

    public CompletableFuture<HistoryResult> historyAsync(HistoryRequest request) {
        return caller.post("history", () -> Requests.history(request), Answers::history);
    }

    /** {@code POST /api/realtime/history-remove}: empties a channel's history (its position stays). */
    public void historyRemove(String channel) {
        await(historyRemoveAsync(channel));
    }

    public CompletableFuture<Void> historyRemoveAsync(String channel) {
        return caller.post("history-remove", () -> Requests.channel(channel), Answers::none);
    }

    /** {@code POST /api/realtime/presence}: the connections subscribed to a channel. */
    public PresenceResult presence(String channel) {
        return await(presenceAsync(channel));
    }

    public CompletableFuture<PresenceResult> presenceAsync(String channel) {
        return caller.post("presence", () -> Requests.channel(channel), Answers::presence);
    }

    /** {@code POST /api/realtime/presence-stats}: how many connections and users a channel has. */
    public PresenceStats presenceStats(String channel) {
        return await(presenceStatsAsync(channel));
    }

    public CompletableFuture<PresenceStats> presenceStatsAsync(String channel) {
        return caller.post("presence-stats", () -> Requests.channel(channel), Answers::presenceStats);
    }

    /**
     * {@code POST /api/realtime/channels}: the project's active channels.
     *
     * @param pattern a glob such as {@code chat:*} to filter by; null or empty for all
     */
    public ChannelsResult channels(String pattern) {
        return await(channelsAsync(pattern));
    }

    public CompletableFuture<ChannelsResult> channelsAsync(String pattern) {
        return caller.post("channels", () -> Requests.channels(pattern), Answers::channels);
    }

    /** {@code POST /api/realtime/broadcast}: the same payload into several channels, all or none answered. */
    public BroadcastResult broadcast(BroadcastRequest request) {
        return await(broadcastAsync(request));
    }

    public CompletableFuture<BroadcastResult> broadcastAsync(BroadcastRequest request) {
        return caller.post("broadcast", () -> Requests.broadcast(request), Answers::broadcast);
    }

    /** {@code POST /api/realtime/unsubscribe}: ends a user's subscriptions to a channel. */
    public void unsubscribe(String userId, String channel) {
        await(unsubscribeAsync(userId, channel));
    }

    public CompletableFuture<Void> unsubscribeAsync(String userId, String channel) {
        return caller.post("unsubscribe", () -> Requests.unsubscribe(userId, channel), Answers::none);
    }

    /** {@code POST /api/realtime/disconnect}: closes every connection of a user in the project. */
    public void disconnect(String userId) {
        await(disconnectAsync(userId));
    }

    public CompletableFuture<Void> disconnectAsync(String userId) {
        return caller.post("disconnect", () -> Requests.disconnect(userId), Answers::none);
    }

    /** {@code GET /api/realtime/usage}: the project's usage per minute over the last 24 hours. */
    public Usage usage() {
        return await(usageAsync());
    }

    public CompletableFuture<Usage> usageAsync() {
        return caller.get("usage", Answers::usage);
    }

    /**
     * {@code GET /api/realtime/usage?fromMs=…&toMs=…}: the minutes whose start is in
     * {@code [from, to)}, within the last 24 hours (the server refuses other windows).
     */
    public Usage usage(java.time.Instant from, java.time.Instant to) {
        return await(usageAsync(from, to));
    }

    public CompletableFuture<Usage> usageAsync(java.time.Instant from, java.time.Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return caller.get("usage?fromMs=" + from.toEpochMilli() + "&toMs=" + to.toEpochMilli(), Answers::usage);
    }

    /** Waits for an asynchronous call; its {@link XshathraException} is thrown as it is. */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof XshathraException x) {
                throw x;
            }
            throw new TransportException("the request failed", e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for the answer", e);
        }
    }

    @Override
    public String toString() {
        return "XshathraClient[" + base + "]";
    }

    /** Settings of a client; {@link #baseUrl} and {@link #serverKey} are required. */
    public static final class Builder {
        static final int MIN_RESPONSE_BYTES = 1024;
        private URI base;
        private String key;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int maxResponseBytes = 8 * 1024 * 1024;
        private Executor executor;

        private Builder() {
        }

        /** The server's address, e.g. {@code http://127.0.0.1:3001} (a path prefix is kept). */
        public Builder baseUrl(String url) {
            URI u = URI.create(Objects.requireNonNull(url, "baseUrl"));
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())
                    || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must be an http:// or https:// address without query: "
                        + url);
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            this.base = u.resolve(path.endsWith("/") ? path : path + "/");
            return this;
        }

        /** The project's {@code server_api_key} ({@code xs_sk_…}); never its public client key. */
        public Builder serverKey(String serverKey) {
            Objects.requireNonNull(serverKey, "serverKey");
            if (serverKey.isBlank() || serverKey.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("serverKey must be the printable ASCII key the console showed");
            }
            if (serverKey.startsWith("xs_pk_")) {
                throw new IllegalArgumentException("serverKey: this is the project's public client_api_key; "
                        + "the API needs its server_api_key (xs_sk_...)");
            }
            this.key = serverKey;
            return this;
        }

        /** The longest wait for a whole answer, connecting included (default 10 s). */
        public Builder timeout(Duration requestTimeout) {
            this.timeout = positive(requestTimeout, "timeout");
            return this;
        }

        /** The longest wait for a connection to the server (default 5 s, and never above {@link #timeout}). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** The largest answer read (default 8 MiB, at least 1 KiB); a larger one fails with {@code response_too_large}. */
        public Builder maxResponseBytes(int bytes) {
            if (bytes < MIN_RESPONSE_BYTES) {
                throw new IllegalArgumentException("maxResponseBytes must be at least " + MIN_RESPONSE_BYTES);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Where the HTTP client runs its work and completes the futures (default: the JDK client's own pool). */
        public Builder executor(Executor e) {
            this.executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        public XshathraClient build() {
            if (base == null || key == null) {
                throw new IllegalStateException("baseUrl and serverKey are required");
            }
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout.compareTo(timeout) < 0 ? connectTimeout : timeout);
            if (executor != null) {
                b.executor(executor);
            }
            return new XshathraClient(new HttpCaller(b.build(), base, key, timeout, maxResponseBytes), base);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        @Override
        public String toString() {
            return "XshathraClient.Builder[" + base + ", serverKey " + (key == null ? "unset" : "set") + "]";
        }
    }
}
