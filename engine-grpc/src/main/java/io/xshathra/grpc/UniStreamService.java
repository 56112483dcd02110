package io.xshathra.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.xshathra.engine.Node;
import io.xshathra.grpc.unistream.CentrifugoUniStreamGrpc;
import io.xshathra.grpc.unistream.ConnectRequest;
import io.xshathra.grpc.unistream.SubscribeRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code centrifugal.centrifugo.unistream.CentrifugoUniStream} service. Each {@code Consume}
 * call is one unidirectional connection: its request is the connect request, and every stream
 * message is one protocol {@code Push} in Protobuf, sent as the session encoded it (the service's
 * response marshaller passes bytes through, so a push is encoded once however many streams carry
 * it). Connections are spread over a fixed set of single-thread loops, one loop per connection.
 */
final class UniStreamService implements AutoCloseable {
    /** Stream messages are ready-made Push bytes. */
    private static final MethodDescriptor.Marshaller<PushBytes> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(PushBytes value) {
            return new ByteArrayInputStream(value.buffer(), value.offset(), value.length());
        }

        @Override
        public PushBytes parse(InputStream stream) {
            try {
                byte[] b = stream.readAllBytes();
                return new PushBytes(b, 0, b.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final Node node;
    private final ScheduledExecutorService[] loops;
    private final AtomicInteger next = new AtomicInteger();

    UniStreamService(Node node) {
        this.node = node;
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        loops = new ScheduledExecutorService[n];
        for (int i = 0; i < n; i++) {
            String name = "xshathra-uni-grpc-" + i;
            ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            loop.setRemoveOnCancelPolicy(true);
            loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            loops[i] = loop;
        }
    }

    ServerServiceDefinition definition() {
        MethodDescriptor<ConnectRequest, PushBytes> consume = CentrifugoUniStreamGrpc.getConsumeMethod()
                .toBuilder(ProtoUtils.marshaller(ConnectRequest.getDefaultInstance()), RAW).build();
        return ServerServiceDefinition.builder(CentrifugoUniStreamGrpc.SERVICE_NAME)
                .addMethod(consume, ServerCalls.asyncServerStreamingCall(
                        (req, out) -> consume(req, (ServerCallStreamObserver<PushBytes>) out)))
                .build();
    }

    private void consume(ConnectRequest req, ServerCallStreamObserver<PushBytes> out) {
        ScheduledExecutorService loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        UniGrpcTransport transport = new UniGrpcTransport(loop, out,
                Math.max(1024, node.config().client().queueMaxSize()));
        transport.start(node, connectRequest(req));
    }

    /** The protocol's connect request with the fields a uni_grpc client can send. */
    static io.xshathra.protocol.proto.ConnectRequest connectRequest(ConnectRequest req) {
        io.xshathra.protocol.proto.ConnectRequest.Builder b = io.xshathra.protocol.proto.ConnectRequest.newBuilder()
                .setToken(req.getToken()).setData(req.getData()).setName(req.getName()).setVersion(req.getVersion())
                .putAllHeaders(req.getHeadersMap());
        for (Map.Entry<String, SubscribeRequest> e : req.getSubsMap().entrySet()) {
            SubscribeRequest s = e.getValue();
            b.putSubs(e.getKey(), io.xshathra.protocol.proto.SubscribeRequest.newBuilder()
                    .setRecover(s.getRecover()).setOffset(s.getOffset()).setEpoch(s.getEpoch()).build());
        }
        return b.build();
    }

    @Override
    public void close() {
        for (ScheduledExecutorService loop : loops) {
            loop.shutdown();
        }
        try {
            for (ScheduledExecutorService loop : loops) {
                if (!loop.awaitTermination(1, TimeUnit.SECONDS)) {
                    loop.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            for (ScheduledExecutorService loop : loops) {
                loop.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
    }
}
