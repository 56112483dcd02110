package io.xshathra.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One POST of a JSON body to {@code <base>/api/realtime/<endpoint>} and the reading of its
 * answer: the body capped in size, the whole exchange bounded in time, every failure turned into
 * an {@link XshathraException}. Thread-safe: it holds only immutable state and the JDK's
 * thread-safe {@link HttpClient}.
 */
final class HttpCaller {
    private static final String PATH = "api/realtime/";

    private final HttpClient http;
    private final URI base;
    /** The server key: only ever placed in the Authorization header. */
    private final String key;
    private final Duration timeout;
    private final int maxResponseBytes;
    /** Where failures that do not arrive on the HTTP client's threads complete the caller's future. */
    private final Executor completer;

    HttpCaller(HttpClient http, URI base, String key, Duration timeout, int maxResponseBytes) {
        this.http = http;
        this.base = base;
        this.key = key;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.completer = http.executor().orElse(ForkJoinPool.commonPool());
    }

    /**
     * Posts the body {@code bodyOf} builds and reads a 2xx answer with {@code reader}. The future
     * completes with the value, or exceptionally with an {@link XshathraException} itself (not
     * wrapped), also when the body cannot be built.
     */
    <T> CompletableFuture<T> post(String endpoint, Supplier<ObjectNode> bodyOf, Function<JsonNode, T> reader) {
        CompletableFuture<T> out = new CompletableFuture<>();
        HttpRequest req;
        try {
            ObjectNode body = bodyOf.get();
            req = HttpRequest.newBuilder(base.resolve(PATH + endpoint))
                    .timeout(timeout)
                    .header("Authorization", "apikey " + key)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            out.completeExceptionally(new InvalidRequestException(0, "invalid_body",
                    "the request can not be written as JSON", null));
            return out;
        } catch (XshathraException e) {
            out.completeExceptionally(e);
            return out;
        }
        return exchange(req, reader, out);
    }

    /** GETs {@code <base>/api/realtime/<endpointAndQuery>} and reads a 2xx answer with {@code reader}. */
    <T> CompletableFuture<T> get(String endpointAndQuery, Function<JsonNode, T> reader) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(PATH + endpointAndQuery))
                .timeout(timeout)
                .header("Authorization", "apikey " + key)
                .header("Accept", "application/json")
                .GET()
                .build();
        return exchange(req, reader, new CompletableFuture<>());
    }

    private <T> CompletableFuture<T> exchange(HttpRequest req, Function<JsonNode, T> reader, CompletableFuture<T> out) {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(req, CappedBody.handler(maxResponseBytes));
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) {
                exchange.cancel(true);
            }
        });
        // The request timeout covers the wait for the headers only; this bounds the body too.
        exchange.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((resp, err) -> {
            if (err != null) {
                exchange.cancel(true);
                XshathraException failure = failure(err);
                // A timeout fires on the JDK's one shared timer thread: callers' callbacks must not run there.
                try {
                    completer.execute(() -> out.completeExceptionally(failure));
                } catch (RejectedExecutionException e) {
                    out.completeExceptionally(failure);
                }
                return;
            }
            try {
                out.complete(read(resp, reader));
            } catch (XshathraException e) {
                out.completeExceptionally(e);
            } catch (RuntimeException e) {
                out.completeExceptionally(Json.invalid(resp.statusCode(), e.getClass().getSimpleName()));
            }
        });
        return out;
    }

    private <T> T read(HttpResponse<byte[]> resp, Function<JsonNode, T> reader) {
        int status = resp.statusCode();
        if (status < 200 || status > 299) {
            throw ErrorMapper.map(status, resp.body(), resp.headers().firstValue("retry-after"), key);
        }
        return reader.apply(Json.answer(status, resp.body()));
    }

    /** The exception for an exchange that produced no readable answer. */
    private XshathraException failure(Throwable err) {
        Throwable e = err;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String where = base.getHost() + ":" + port();
        if (e instanceof XshathraException x) {
            return x;
        }
        if (e instanceof CappedBody.TooLarge t) {
            return new XshathraException(t.status, XshathraException.RESPONSE_TOO_LARGE,
                    "the server's answer is larger than " + maxResponseBytes + " bytes; it was not read", null);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new RequestTimeoutException("could not connect to " + where + " in time", e);
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return new RequestTimeoutException("no complete answer from " + where + " within "
                    + timeout.toMillis() + " ms", e);
        }
        if (e instanceof ConnectException) {
            return new TransportException("could not connect to " + where + " (connection refused)", e);
        }
        if (e instanceof IOException) {
            return new TransportException("the connection to " + where + " failed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        return new TransportException("the request to " + where + " failed (" + e.getClass().getSimpleName() + ")", e);
    }

    private int port() {
        if (base.getPort() > 0) {
            return base.getPort();
        }
        return "https".equalsIgnoreCase(base.getScheme()) ? 443 : 80;
    }
}
