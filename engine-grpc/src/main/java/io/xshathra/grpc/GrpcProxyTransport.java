package io.xshathra.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.CallHeaders;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.proxy.ProxyTransport;
import io.xshathra.grpc.proxy.CentrifugoProxyGrpc;
import io.xshathra.grpc.proxy.ConnectResponse;
import io.xshathra.grpc.proxy.PublishResponse;
import io.xshathra.grpc.proxy.RPCResponse;
import io.xshathra.grpc.proxy.RefreshResponse;
import io.xshathra.grpc.proxy.SharedPollRefreshResponse;
import io.xshathra.grpc.proxy.SubRefreshResponse;
import io.xshathra.grpc.proxy.SubscribeResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The gRPC proxy: each call is one unary call of Centrifugo's {@code CentrifugoProxy} service
 * ({@code proxy.proto}) to the endpoint, which is {@code grpc://host:port} or a plain gRPC target
 * ({@code host:port}, {@code dns:///host:port}), as Centrifugo accepts them. One channel per
 * endpoint, made on its first call and reused; the endpoint's timeout is the call's deadline.
 *
 * <p>Bounds: at most {@code maxInFlight} calls at once across endpoints (one more fails at once
 * with OVERLOADED), a response message over {@code maxReplyBytes} is refused by gRPC (TOO_LARGE),
 * at most {@link #MAX_CHANNELS} endpoints. Every gRPC status other than OK is a failure the client
 * sees as error 100, as in Centrifugo (it has no status-to-code mapping for gRPC).
 *
 * <p>Subscribe stream proxies use the same channels: see {@link #streams()}. Metadata sent: see
 * {@link GrpcProxyMetadata}. Only the operator's endpoints are served (a
 * project's own backends are HTTP only).
 */
public final class GrpcProxyTransport implements ProxyTransport, AutoCloseable {
    /** Distinct endpoints (channels) at most; the configuration names far fewer. */
    static final int MAX_CHANNELS = 256;
    /** Subscribe streams open at once, at most (each is one client subscription). */
    static final int MAX_STREAMS = 100_000;

    private final Map<ProxyEndpoint, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final Semaphore inFlight;
    private final int maxReplyBytes;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final GrpcStreamProxy streams;
    private volatile boolean closed;

    /**
     * @param maxInFlight   calls allowed at once across all endpoints
     * @param maxReplyBytes largest response message accepted
     */
    public GrpcProxyTransport(int maxInFlight, int maxReplyBytes) {
        this(maxInFlight, maxReplyBytes, MAX_STREAMS);
    }

    /** As above, with at most {@code maxStreams} subscribe streams open at once. */
    GrpcProxyTransport(int maxInFlight, int maxReplyBytes, int maxStreams) {
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "xshathra-proxy-grpc");
            t.setDaemon(true);
            return t;
        });
        this.inFlight = new Semaphore(maxInFlight);
        this.maxReplyBytes = maxReplyBytes;
        java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread th = new Thread(r, "xshathra-proxy-grpc-timer");
                    th.setDaemon(true);
                    return th;
                });
        // A stream's first-message deadline is cancelled when the message comes: drop it at once.
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.streams = new GrpcStreamProxy(this, timer, maxStreams);
    }

    /** The subscribe stream proxies over the same channels (at most {@link #MAX_STREAMS} streams open). */
    public io.xshathra.engine.proxy.StreamProxyTransport streams() {
        return streams;
    }

    @Override
    public boolean serves(ProxyEndpoint endpoint) {
        return !endpoint.isHttp() && endpoint.guard().equals(ProxyEndpoint.Guard.NONE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletionStage<ProxyReply<R>> call(ProxyEndpoint ep, CallHeaders headers, ProxyRequest<R> request) {
        boolean bin = ep.binaryEncoding();
        if (request instanceof ProxyRequest.Connect r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers, CentrifugoProxyGrpc.getConnectMethod(),
                    GrpcProxyCodec.connect(r, bin), (ConnectResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? GrpcProxyCodec.connectResult(m.getResult()) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.Refresh r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers, CentrifugoProxyGrpc.getRefreshMethod(),
                    GrpcProxyCodec.refresh(r, bin), (RefreshResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? new ProxyResult.Refresh(m.getResult().getExpired(),
                                    m.getResult().getExpireAt(), GrpcProxyCodec.rawOrB64(m.getResult().getInfo(),
                                    m.getResult().getB64Info(), "info"),
                                    GrpcProxyCodec.orNull(m.getResult().getMeta())) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.Subscribe r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers,
                    CentrifugoProxyGrpc.getSubscribeMethod(), GrpcProxyCodec.subscribe(r, bin),
                    (SubscribeResponse m) -> GrpcProxyCodec.reply(m.hasResult() ? subscribeResult(m) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.Publish r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers, CentrifugoProxyGrpc.getPublishMethod(),
                    GrpcProxyCodec.publish(r, bin), (PublishResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? GrpcProxyCodec.publishResult(m.getResult()) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.MapPublish r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers,
                    CentrifugoProxyGrpc.getMapPublishMethod(), GrpcProxyCodec.mapPublish(r, bin),
                    (io.xshathra.grpc.proxy.MapPublishResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? GrpcProxyCodec.mapPublishResult(m.getResult()) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.MapRemove r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers,
                    CentrifugoProxyGrpc.getMapRemoveMethod(), GrpcProxyCodec.mapRemove(r, bin),
                    (io.xshathra.grpc.proxy.MapRemoveResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? GrpcProxyCodec.mapRemoveResult(m.getResult()) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.Rpc r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers, CentrifugoProxyGrpc.getRPCMethod(),
                    GrpcProxyCodec.rpc(r, bin), (RPCResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? new ProxyResult.Rpc(GrpcProxyCodec.rawOrB64(m.getResult().getData(),
                                    m.getResult().getB64Data(), "data")) : null,
                            m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
        }
        if (request instanceof ProxyRequest.SharedPollRefresh r) {
            return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers,
                    CentrifugoProxyGrpc.getSharedPollRefreshMethod(), GrpcProxyCodec.sharedPollRefresh(r),
                    (SharedPollRefreshResponse m) -> GrpcProxyCodec.reply(
                            m.hasResult() ? GrpcProxyCodec.sharedPollRefreshResult(m.getResult()) : null,
                            m.hasError() ? m.getError() : null, null));
        }
        ProxyRequest.SubRefresh r = (ProxyRequest.SubRefresh) request;
        return (CompletionStage<ProxyReply<R>>) (Object) unary(ep, headers, CentrifugoProxyGrpc.getSubRefreshMethod(),
                GrpcProxyCodec.subRefresh(r, bin), (SubRefreshResponse m) -> GrpcProxyCodec.reply(
                        m.hasResult() ? new ProxyResult.SubRefresh(m.getResult().getExpired(),
                                m.getResult().getExpireAt(), GrpcProxyCodec.rawOrB64(m.getResult().getInfo(),
                                m.getResult().getB64Info(), "info")) : null,
                        m.hasError() ? m.getError() : null, m.hasDisconnect() ? m.getDisconnect() : null));
    }

    static ProxyResult.Subscribe subscribeResult(SubscribeResponse m) {
        var r = m.getResult();
        return new ProxyResult.Subscribe(r.getExpireAt(), GrpcProxyCodec.rawOrB64(r.getInfo(), r.getB64Info(), "info"),
                GrpcProxyCodec.rawOrB64(r.getData(), r.getB64Data(), "data"),
                r.hasOverride() ? GrpcProxyCodec.override(r.getOverride()) : null);
    }

    private <Q, S, R> CompletableFuture<ProxyReply<R>> unary(ProxyEndpoint ep, CallHeaders headers,
                                                             MethodDescriptor<Q, S> method, Q message,
                                                             Function<S, ProxyReply<R>> decode) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new ProxyException(ProxyException.Reason.OVERLOADED,
                    "too many proxy calls in flight"));
        }
        CompletableFuture<ProxyReply<R>> out = new CompletableFuture<>();
        out.whenComplete((r, e) -> inFlight.release());
        ManagedChannel channel;
        try {
            channel = channel(ep);
        } catch (ProxyException e) {
            out.completeExceptionally(e);
            return out;
        }
        CallOptions opts = CallOptions.DEFAULT.withDeadlineAfter(ep.timeout().toNanos(), TimeUnit.NANOSECONDS);
        if (ep.grpc().compression()) {
            opts = opts.withCompression("gzip");
        }
        ClientCall<Q, S> call = io.grpc.ClientInterceptors.intercept(channel,
                GrpcProxyMetadata.interceptor(GrpcProxyMetadata.of(ep, headers))).newCall(method, opts);
        ClientCalls.asyncUnaryCall(call, message, new StreamObserver<S>() {
            @Override
            public void onNext(S value) {
                try {
                    out.complete(decode.apply(value));
                } catch (ProxyException e) {
                    out.completeExceptionally(e);
                } catch (RuntimeException e) {
                    out.completeExceptionally(new ProxyException(ProxyException.Reason.MALFORMED, e.toString()));
                }
            }

            @Override
            public void onError(Throwable t) {
                out.completeExceptionally(failure(Status.fromThrowable(t)));
            }

            @Override
            public void onCompleted() {
                out.completeExceptionally(new ProxyException(ProxyException.Reason.MALFORMED, "no response"));
            }
        });
        return out;
    }

    /** What a gRPC status other than OK means for logs; the client gets error 100 for each. */
    static ProxyException failure(Status s) {
        String what = s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
        return switch (s.getCode()) {
            case DEADLINE_EXCEEDED -> new ProxyException(ProxyException.Reason.TIMEOUT, "proxy call timed out");
            case UNAVAILABLE -> new ProxyException(ProxyException.Reason.UNREACHABLE, what);
            case RESOURCE_EXHAUSTED -> new ProxyException(ProxyException.Reason.TOO_LARGE, what);
            case INTERNAL, DATA_LOSS, UNIMPLEMENTED -> new ProxyException(ProxyException.Reason.MALFORMED, what);
            default -> new ProxyException(ProxyException.Reason.STATUS, what);
        };
    }

    ManagedChannel channel(ProxyEndpoint ep) {
        ManagedChannel ch = channels.get(ep);
        if (ch != null) {
            return ch;
        }
        synchronized (channels) {
            if (closed) {
                throw new ProxyException(ProxyException.Reason.UNREACHABLE, "proxy transport closed");
            }
            ch = channels.get(ep);
            if (ch == null) {
                if (channels.size() >= MAX_CHANNELS) {
                    throw new ProxyException(ProxyException.Reason.OVERLOADED, "too many gRPC proxy endpoints");
                }
                ch = GrpcProxyChannels.open(ep, executor, maxReplyBytes);
                channels.put(ep, ch);
            }
            return ch;
        }
    }

    /**
     * Makes the channels of the given endpoints that this transport serves, so the first client
     * call does not pay for loading the gRPC stack. They stay idle (not connected) until the
     * first call, as in the reference: connecting a backend that is not up yet would leave the
     * channel backing off and fail the first calls after it comes up.
     */
    public void warmUp(java.util.Collection<ProxyEndpoint> endpoints) {
        for (ProxyEndpoint ep : endpoints) {
            if (serves(ep)) {
                try {
                    channel(ep).getState(false);
                } catch (ProxyException e) {
                    // Reported by the first call, like any other failure to reach the backend.
                }
            }
        }
    }

    /** Channels open (one per endpoint called). */
    int channelCount() {
        return channels.size();
    }

    @Override
    public void close() {
        synchronized (channels) {
            closed = true;
            channels.values().forEach(ManagedChannel::shutdownNow);
            channels.clear();
        }
        executor.shutdownNow();
        timer.shutdownNow();
    }
}
