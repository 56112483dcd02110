package io.xshathra.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.CallHeaders;
import io.xshathra.engine.proxy.ProxyException;
import io.xshathra.engine.proxy.ProxyReply;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.proxy.StreamProxyTransport;
import io.xshathra.grpc.proxy.CentrifugoProxyGrpc;
import io.xshathra.grpc.proxy.Publication;
import io.xshathra.grpc.proxy.StreamSubscribeRequest;
import io.xshathra.grpc.proxy.StreamSubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.grpc.proxy.SubscribeResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Subscribe streams over gRPC: {@code SubscribeUnidirectional} (the subscribe request, then
 * server streaming) or {@code SubscribeBidirectional} (the subscribe request as the first
 * message, client publications after it) of Centrifugo's {@code CentrifugoProxy} service, on the
 * channels of a {@link GrpcProxyTransport} (same targets, TLS, credentials and metadata).
 *
 * <p>The stream has no deadline; only its first message must come within the endpoint's timeout
 * (then the call is cancelled and the subscribe fails). The first message must carry a
 * {@code subscribe_response}; later messages without a {@code publication} are skipped. Bounds:
 * at most {@code maxStreams} streams at once (one more fails at once with OVERLOADED), messages
 * over the transport's reply limit end the stream, at most {@link #WINDOW} unacknowledged
 * publications, and a client publication is refused while gRPC's send buffer is full.
 */
final class GrpcStreamProxy implements StreamProxyTransport {
    private final GrpcProxyTransport transport;
    private final ScheduledExecutorService timer;
    private final Semaphore open;

    GrpcStreamProxy(GrpcProxyTransport transport, ScheduledExecutorService timer, int maxStreams) {
        this.transport = transport;
        this.timer = timer;
        this.open = new Semaphore(maxStreams);
    }

    @Override
    public boolean serves(ProxyEndpoint endpoint) {
        return transport.serves(endpoint);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Call open(ProxyEndpoint ep, CallHeaders headers, ProxyRequest.Subscribe request, boolean bidirectional,
                     Listener listener) {
        if (!open.tryAcquire()) {
            throw new ProxyException(ProxyException.Reason.OVERLOADED, "too many subscribe streams open");
        }
        ClientCall<Object, StreamSubscribeResponse> call;
        try {
            CallOptions opts = CallOptions.DEFAULT;
            if (ep.grpc().compression()) {
                opts = opts.withCompression("gzip");
            }
            MethodDescriptor<?, StreamSubscribeResponse> method = bidirectional
                    ? CentrifugoProxyGrpc.getSubscribeBidirectionalMethod()
                    : CentrifugoProxyGrpc.getSubscribeUnidirectionalMethod();
            call = (ClientCall<Object, StreamSubscribeResponse>) ClientInterceptors.intercept(transport.channel(ep),
                    GrpcProxyMetadata.interceptor(GrpcProxyMetadata.of(ep, headers))).newCall(method, opts);
        } catch (RuntimeException e) {
            open.release();
            throw e instanceof ProxyException pe ? pe
                    : new ProxyException(ProxyException.Reason.UNREACHABLE, e.toString());
        }
        StreamCall sc = new StreamCall(call, listener, bidirectional);
        SubscribeRequest sr = GrpcProxyCodec.subscribe(request, ep.binaryEncoding());
        sc.start(bidirectional ? StreamSubscribeRequest.newBuilder().setSubscribeRequest(sr).build() : sr,
                ep.timeout().toNanos());
        return sc;
    }

    /** One stream: the gRPC call and what the listener has been told. */
    private final class StreamCall extends ClientCall.Listener<StreamSubscribeResponse> implements Call {
        private final ClientCall<Object, StreamSubscribeResponse> call;
        private final Listener listener;
        private final boolean bidirectional;
        private volatile boolean replied;
        private volatile boolean timedOut;
        /** The listener was already told the stream ended (gRPC callbacks run one at a time). */
        private boolean reported;
        private boolean closed;
        private volatile ScheduledFuture<?> firstDeadline;

        StreamCall(ClientCall<Object, StreamSubscribeResponse> call, Listener listener, boolean bidirectional) {
            this.call = call;
            this.listener = listener;
            this.bidirectional = bidirectional;
        }

        synchronized void start(Object first, long timeoutNanos) {
            // The deadline first: the reply may come before this method returns.
            firstDeadline = timer.schedule(() -> {
                if (!replied) {
                    timedOut = true;
                    cancel();
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
            call.start(this, new Metadata());
            call.request(1);
            call.sendMessage(first);
            if (!bidirectional) {
                call.halfClose();
            }
        }

        @Override
        public void onMessage(StreamSubscribeResponse m) {
            if (replied) {
                if (m.hasPublication()) {
                    listener.onPublication(m.getPublication().getData().toByteArray(), m.getPublication().getTagsMap());
                } else {
                    call.request(1);
                }
                return;
            }
            replied = true;
            firstDeadline.cancel(false);
            ProxyReply<ProxyResult.Subscribe> reply;
            try {
                if (!m.hasSubscribeResponse()) {
                    throw new ProxyException(ProxyException.Reason.MALFORMED,
                            "no subscribe response in the first message of the stream");
                }
                SubscribeResponse r = m.getSubscribeResponse();
                reply = GrpcProxyCodec.reply(r.hasResult() ? GrpcProxyTransport.subscribeResult(r) : null,
                        r.hasError() ? r.getError() : null, r.hasDisconnect() ? r.getDisconnect() : null);
            } catch (ProxyException e) {
                reported = true;
                cancel();
                listener.onClose(e);
                return;
            }
            listener.onReply(reply);
            call.request(WINDOW);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            open.release();
            if (firstDeadline != null) {
                firstDeadline.cancel(false);
            }
            if (reported) {
                return;
            }
            if (status.isOk()) {
                listener.onClose(null);
            } else if (timedOut) {
                listener.onClose(new ProxyException(ProxyException.Reason.TIMEOUT,
                        "no subscribe response from the stream proxy in time"));
            } else {
                listener.onClose(GrpcProxyTransport.failure(status));
            }
        }

        @Override
        public synchronized boolean publish(byte[] data) {
            if (!bidirectional || closed || !call.isReady()) {
                return false;
            }
            call.sendMessage(StreamSubscribeRequest.newBuilder()
                    .setPublication(Publication.newBuilder().setData(com.google.protobuf.ByteString.copyFrom(data)))
                    .build());
            return true;
        }

        @Override
        public void ack() {
            call.request(1);
        }

        @Override
        public synchronized void cancel() {
            if (!closed) {
                closed = true;
                call.cancel("subscription ended", null);
            }
        }
    }
}
