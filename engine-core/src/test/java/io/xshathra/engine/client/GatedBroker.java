package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.ForwardingBroker;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A broker whose history reads can be held: while {@link #hold} is set, each read is parked
 * until the test answers it, so a test can publish between a subscription's registration, its
 * stream read and its reply.
 */
final class GatedBroker extends ForwardingBroker {
    /** A parked read: run the real read with {@link #readNow()}, then complete {@link #result}. */
    record PendingRead(String channel, HistoryQuery query, CompletableFuture<HistoryResult> result,
                       Broker delegate) {
        /** Runs the real read now and returns what it saw (the caller completes {@link #result} later). */
        HistoryResult readNow() {
            return delegate.history(channel, query).toCompletableFuture().join();
        }
    }

    private final BlockingQueue<PendingRead> reads = new LinkedBlockingQueue<>();
    volatile boolean hold;

    GatedBroker(Broker delegate) {
        super(delegate);
    }

    /** The next parked read. */
    PendingRead nextRead() throws InterruptedException {
        PendingRead r = reads.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("a history read within %s", TestClient.WAIT).isNotNull();
        return r;
    }

    @Override
    public CompletionStage<HistoryResult> history(String channel, HistoryQuery query) {
        if (!hold) {
            return delegate.history(channel, query);
        }
        CompletableFuture<HistoryResult> f = new CompletableFuture<>();
        reads.add(new PendingRead(channel, query, f, delegate));
        return f;
    }

}
