package io.xshathra.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.xshathra.grpc.unistream.CentrifugoUniStreamGrpc;
import io.xshathra.grpc.unistream.ConnectRequest;
import io.xshathra.grpc.unistream.Push;
import io.xshathra.testkit.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** A uni_grpc consumer with the generated client stub: collects pushes and how the stream ended. */
final class UniStreamClient implements StreamObserver<Push> {
    final LinkedBlockingQueue<Push> pushes = new LinkedBlockingQueue<>();
    /** Completes with OK, or with the status the stream failed with. */
    final CompletableFuture<Status> ended = new CompletableFuture<>();

    static UniStreamClient consume(CentrifugoUniStreamGrpc.CentrifugoUniStreamStub stub, ConnectRequest req) {
        UniStreamClient c = new UniStreamClient();
        stub.consume(req, c);
        return c;
    }

    /** The next push that is not a ping (an empty push). */
    Push next(String what) {
        while (true) {
            Push p = Await.take(pushes, Duration.ofSeconds(5), what);
            if (!p.equals(Push.getDefaultInstance())) {
                return p;
            }
        }
    }

    @Override
    public void onNext(Push value) {
        pushes.add(value);
    }

    @Override
    public void onError(Throwable t) {
        ended.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        ended.complete(Status.OK);
    }
}
