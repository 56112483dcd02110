package io.xshathra.engine.proxy;

import io.xshathra.engine.config.GrpcProxyOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.util.Lazy;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP proxy: each call is one {@code POST} of a JSON body (see {@link ProxyJson}) to the
 * endpoint, answered with {@code 200} and a JSON reply. Asynchronous on the JDK's
 * {@link HttpClient}; at most {@code maxInFlight} calls run at once (one more fails at once with
 * OVERLOADED), a reply body over {@code maxReplyBytes} is cut off (TOO_LARGE), and every call
 * ends within its endpoint's timeout. A status other than 200 is a failure unless the endpoint
 * maps it ({@code http.status_to_code_transforms}) to a client error or disconnect.
 *
 * <p>Headers sent: the endpoint's static headers, then the client's emulated headers it forwards
 * ({@code emulated_headers}), then the connection's request headers it forwards
 * ({@code http_headers}; on a gRPC connection its {@code grpc_metadata} keys instead),
 * each overriding the one before for the same name, and {@code Content-Type: application/json}.
 *
 * <p>A tenant's endpoint ({@link ProxyEndpoint.Guard}) is also signed ({@link ProxySignature}) and,
 * when it must be public, its host is resolved on this transport's threads before the call and
 * the call fails (UNREACHABLE) if any address is not public. Redirects are never followed.
 *
 * <p>An {@code https://} endpoint with {@code http.tls} enabled is called through a client of its
 * own TLS setting ({@link ProxyTlsContext}: custom CA, client certificate, server name,
 * insecure_skip_verify), one client per distinct setting; the others share one client that
 * trusts the JDK's store.
 */
public final class HttpProxyTransport implements ProxyTransport, AutoCloseable {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "content-type");

    /** Most distinct {@code http.tls} settings served (each has its own client). */
    static final int MAX_TLS_CLIENTS = 64;

    /** The shared client, made on first use: a server without HTTP backends never loads the JDK's HTTP stack. */
    private final Lazy<HttpClient> client = new Lazy<>(() -> builder().build());
    /** One client per distinct {@code http.tls} setting, made on first use; at most {@link #MAX_TLS_CLIENTS}. */
    private final Map<TlsKey, HttpClient> tlsClients = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final Semaphore inFlight;
    private final int maxReplyBytes;

    /**
     * @param maxInFlight   calls allowed at once across all endpoints
     * @param maxReplyBytes largest reply body accepted
     */
    public HttpProxyTransport(int maxInFlight, int maxReplyBytes) {
        this.executor = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "xshathra-proxy-http");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(maxInFlight);
        this.maxReplyBytes = maxReplyBytes;
    }

    @Override
    public boolean serves(ProxyEndpoint endpoint) {
        return endpoint.isHttp();
    }

    @Override
    public <R> CompletionStage<ProxyReply<R>> call(ProxyEndpoint ep, CallHeaders headers, ProxyRequest<R> request) {
        byte[] body;
        try {
            body = ProxyJson.encode(request, ep.binaryEncoding());
        } catch (ProxyException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new ProxyException(ProxyException.Reason.OVERLOADED,
                    "too many proxy calls in flight"));
        }
        URI uri = URI.create(ep.endpoint());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(ep.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers(b, ep, headers);
        if (!ep.guard().signingSecret().isEmpty()) {
            b.header(ProxySignature.HEADER,
                    ProxySignature.header(ep.guard().signingSecret(), System.currentTimeMillis() / 1000, body));
        }
        HttpRequest built = b.build();
        HttpClient c;
        try {
            c = clientFor(ep);
        } catch (ProxyException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResponse<byte[]>> sent = ep.guard().publicOnly()
                ? CompletableFuture.runAsync(() -> requirePublic(uri), executor).thenCompose(ok -> send(c, built))
                : send(c, built);
        CompletableFuture<ProxyReply<R>> out = sent
                .orTimeout(ep.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((resp, e) -> reply(ep, request, resp, e));
        out.whenComplete((r, e) -> {
            inFlight.release();
            sent.cancel(true);
        });
        return out;
    }

    private CompletableFuture<HttpResponse<byte[]>> send(HttpClient c, HttpRequest request) {
        return c.sendAsync(request, info -> BoundedBody.of(info.statusCode() == 200 ? maxReplyBytes : 0));
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** The shared client, or the one of the endpoint's {@code http.tls} setting. */
    private HttpClient clientFor(ProxyEndpoint ep) {
        GrpcProxyOptions.Tls tls = ep.httpTls();
        if (!tls.enabled() || !ep.endpoint().startsWith("https://")) {
            return client.get();
        }
        TlsKey key = TlsKey.of(tls);
        HttpClient c = tlsClients.get(key);
        if (c != null) {
            return c;
        }
        if (tlsClients.size() >= MAX_TLS_CLIENTS) {
            throw new ProxyException(ProxyException.Reason.UNREACHABLE, "too many distinct http.tls settings");
        }
        try {
            return tlsClients.computeIfAbsent(key, k -> builder().sslContext(ProxyTlsContext.of(tls))
                    .sslParameters(new SSLParameters(null, new String[] {"TLSv1.3", "TLSv1.2"})).build());
        } catch (IllegalArgumentException e) {
            throw new ProxyException(ProxyException.Reason.UNREACHABLE, "http.tls: " + e.getMessage());
        }
    }

    /** How many TLS clients exist (for tests). */
    int tlsClients() {
        return tlsClients.size();
    }

    /** A TLS setting by value (its PEM arrays compared by content). */
    private record TlsKey(String ca, String cert, String key, String serverName, boolean insecure) {
        static TlsKey of(GrpcProxyOptions.Tls t) {
            return new TlsKey(text(t.serverCaPem()), text(t.certPem()), text(t.keyPem()), t.serverName(),
                    t.insecureSkipVerify());
        }

        private static String text(byte[] pem) {
            return pem == null ? "" : new String(pem, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "TlsKey[serverName=" + serverName + "]";
        }
    }

    /** Fails when the host resolves to an address that is not public (or not at all). */
    private static void requirePublic(URI uri) {
        try {
            java.net.InetAddress bad = PublicAddresses.firstNonPublic(uri.getHost());
            if (bad != null) {
                throw new ProxyException(ProxyException.Reason.UNREACHABLE,
                        "backend host " + uri.getHost() + " is not on a public network");
            }
        } catch (java.net.UnknownHostException e) {
            throw new ProxyException(ProxyException.Reason.UNREACHABLE, "backend host " + uri.getHost() + " does not resolve");
        }
    }

    private static void headers(HttpRequest.Builder b, ProxyEndpoint ep, CallHeaders forwarded) {
        Map<String, List<String>> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ep.staticHeaders().forEach((k, v) -> h.put(k, List.of(v)));
        forwarded.emulated().forEach((k, v) -> {
            if (ep.emulatedHeaders().contains(k)) {
                h.put(k, List.of(v));
            }
        });
        forwarded.transport().forEach((k, v) -> {
            if (ep.httpHeaders().contains(k)) {
                h.put(k, v);
            }
        });
        if (forwarded.transport().isEmpty()) {
            // A gRPC connection: its metadata keys become headers, as in the reference.
            forwarded.metadata().forEach((k, v) -> {
                if (ep.grpcMetadata().contains(k)) {
                    h.put(k, v);
                }
            });
        }
        h.forEach((k, vs) -> {
            if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                vs.forEach(v -> b.header(k, v));
            }
        });
        b.header("Content-Type", "application/json");
    }

    private static <R> ProxyReply<R> reply(ProxyEndpoint ep, ProxyRequest<R> req, HttpResponse<byte[]> resp,
                                           Throwable e) {
        if (e != null) {
            throw new CompletionException(failure(e));
        }
        if (resp.statusCode() != 200) {
            for (ProxyEndpoint.StatusTransform t : ep.statusTransforms()) {
                if (t.statusCode() == resp.statusCode()) {
                    if (t.errorCode() > 0) {
                        return new ProxyReply<>(null,
                                new ClientError(t.errorCode(), t.errorMessage(), t.errorTemporary()), null);
                    }
                    if (t.disconnectCode() > 0) {
                        return new ProxyReply<>(null, null, new Disconnect(t.disconnectCode(), t.disconnectReason()));
                    }
                }
            }
            throw new ProxyException(ProxyException.Reason.STATUS, "unexpected HTTP status " + resp.statusCode());
        }
        return ProxyJson.decode(req, resp.body());
    }

    private static ProxyException failure(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof ProxyException pe) {
            return pe;
        }
        if (c instanceof TimeoutException || c instanceof HttpTimeoutException) {
            return new ProxyException(ProxyException.Reason.TIMEOUT, "proxy call timed out");
        }
        if (c instanceof IOException && c.getCause() instanceof ProxyException pe) {
            return pe;
        }
        return new ProxyException(ProxyException.Reason.UNREACHABLE, String.valueOf(c));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
