package io.xshathra.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
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
final class GatedBroker implements Broker {
    /** A parked read: run the real read with {@link #readNow()}, then complete {@link #result}. */
    record PendingRead(String channel, HistoryQuery query, CompletableFuture<HistoryResult> result,
                       Broker delegate) {
        /** Runs the real read now and returns what it saw (the caller completes {@link #result} later). */
        HistoryResult readNow() {
            return delegate.history(channel, query).toCompletableFuture().join();
        }
    }

    private final Broker delegate;
    private final BlockingQueue<PendingRead> reads = new LinkedBlockingQueue<>();
    volatile boolean hold;

    GatedBroker(Broker delegate) {
        this.delegate = delegate;
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

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        delegate.setEventHandler(handler);
    }

    @Override
    public CompletionStage<Void> subscribe(String channel) {
        return delegate.subscribe(channel);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String channel) {
        return delegate.unsubscribe(channel);
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, Publication publication, PublishOptions options) {
        return delegate.publish(channel, publication, options);
    }

    @Override
    public CompletionStage<Void> publishJoin(String channel, ClientInfo info) {
        return delegate.publishJoin(channel, info);
    }

    @Override
    public CompletionStage<Void> publishLeave(String channel, ClientInfo info) {
        return delegate.publishLeave(channel, info);
    }

    @Override
    public CompletionStage<Void> removeHistory(String channel) {
        return delegate.removeHistory(channel);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
