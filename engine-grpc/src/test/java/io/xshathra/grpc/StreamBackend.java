package io.xshathra.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.grpc.proxy.CentrifugoProxyGrpc;
import io.xshathra.grpc.proxy.Publication;
import io.xshathra.grpc.proxy.StreamSubscribeRequest;
import io.xshathra.grpc.proxy.StreamSubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeRequest;
import io.xshathra.grpc.proxy.SubscribeResponse;
import io.xshathra.grpc.proxy.SubscribeResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real gRPC backend on loopback port 0 serving Centrifugo's subscribe streams
 * ({@code SubscribeUnidirectional}, {@code SubscribeBidirectional}). Every stream opened is queued
 * in {@link #streams}; the test answers and publishes through it, or lets {@link #onOpen} do so
 * as soon as the subscribe request arrives.
 */
public final class StreamBackend implements AutoCloseable {
    /** Streams in the order they were opened (with their subscribe request). */
    public final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
    /** Runs for each stream when its subscribe request arrives (on a gRPC thread). */
    public volatile Consumer<Stream> onOpen = s -> s.accept("{}");
    private final Server server;

    public StreamBackend() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Service())
                .build().start();
    }

    /** The backend as a proxy endpoint (plain gRPC) with the given first-message timeout. */
    public ProxyEndpoint endpoint(String name, Duration timeout) {
        return ProxyEndpoint.of(name, "grpc://127.0.0.1:" + server.getPort(), timeout);
    }

    /** The next stream opened, within 5 s. */
    public Stream next() throws InterruptedException {
        Stream s = streams.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no stream opened within 5 s");
        }
        return s;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** One stream, seen from the backend. */
    public static final class Stream {
        public final SubscribeRequest request;
        public final boolean bidirectional;
        /** Client publications that came up a bidirectional stream. */
        public final BlockingQueue<Publication> published = new LinkedBlockingQueue<>();
        /** Completes when the server side sees the call cancelled (client unsubscribed, disconnected, timed out). */
        public final CompletableFuture<Void> cancelled;
        private final ServerCallStreamObserver<StreamSubscribeResponse> out;

        Stream(SubscribeRequest request, boolean bidirectional, StreamObserver<StreamSubscribeResponse> out,
               CompletableFuture<Void> cancelled) {
            this.request = request;
            this.bidirectional = bidirectional;
            this.out = (ServerCallStreamObserver<StreamSubscribeResponse>) out;
            this.cancelled = cancelled;
        }

        /** The future that completes when the call is cancelled (set up before the handler returns). */
        static CompletableFuture<Void> watch(StreamObserver<StreamSubscribeResponse> out) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            ((ServerCallStreamObserver<StreamSubscribeResponse>) out).setOnCancelHandler(() -> f.complete(null));
            return f;
        }

        /** Sends the first message: a subscribe result with this data (raw JSON). */
        public void accept(String data) {
            send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setResult(SubscribeResult.newBuilder().setData(bytes(data)))).build());
        }

        public synchronized void send(StreamSubscribeResponse m) {
            out.onNext(m);
        }

        /** Sends a publication for the client. */
        public void publish(String data, Map<String, String> tags) {
            send(StreamSubscribeResponse.newBuilder().setPublication(Publication.newBuilder().setData(bytes(data))
                    .putAllTags(tags)).build());
        }

        /** Ends the stream normally. */
        public synchronized void complete() {
            out.onCompleted();
        }

        /** Ends the stream with an error status. */
        public synchronized void fail(io.grpc.Status status) {
            out.onError(status.asRuntimeException());
        }

        private static com.google.protobuf.ByteString bytes(String s) {
            return com.google.protobuf.ByteString.copyFromUtf8(s);
        }
    }

    private final class Service extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {
        @Override
        public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<StreamSubscribeResponse> out) {
            opened(new Stream(request, false, out, Stream.watch(out)));
        }

        @Override
        public StreamObserver<StreamSubscribeRequest> subscribeBidirectional(StreamObserver<StreamSubscribeResponse> out) {
            CompletableFuture<Void> cancelled = Stream.watch(out);
            return new StreamObserver<>() {
                private Stream stream;

                @Override
                public void onNext(StreamSubscribeRequest m) {
                    if (stream == null) {
                        stream = new Stream(m.getSubscribeRequest(), true, out, cancelled);
                        opened(stream);
                    } else if (m.hasPublication()) {
                        stream.published.add(m.getPublication());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    cancelled.complete(null);
                }

                @Override
                public void onCompleted() {
                }
            };
        }

        private void opened(Stream s) {
            streams.add(s);
            onOpen.accept(s);
        }
    }
}
