package io.xshathra.netty;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.BrokerEventHandler;
import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.HistoryResult;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker whose publishes wait until the test opens its gate, as they would behind a slow
 * Redis: a client's publish command then holds back every command after it.
 */
final class HeldPublishBroker implements Broker {
    private final Broker delegate;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    HeldPublishBroker(Broker delegate) {
        this.delegate = delegate;
    }

    /** Publishes from now on wait for {@link #open()}. */
    void hold() {
        gate = new CompletableFuture<>();
    }

    /** Lets every waiting and later publish through. */
    void open() {
        gate.complete(null);
    }

    @Override
    public CompletionStage<PublishResult> publish(String channel, Publication publication, PublishOptions options) {
        return gate.thenCompose(v -> delegate.publish(channel, publication, options));
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
    public CompletionStage<Void> publishJoin(String channel, ClientInfo info) {
        return delegate.publishJoin(channel, info);
    }

    @Override
    public CompletionStage<Void> publishLeave(String channel, ClientInfo info) {
        return delegate.publishLeave(channel, info);
    }

    @Override
    public CompletionStage<HistoryResult> history(String channel, HistoryQuery query) {
        return delegate.history(channel, query);
    }

    @Override
    public CompletionStage<Void> removeHistory(String channel) {
        return delegate.removeHistory(channel);
    }

    @Override
    public void close() {
        open();
        delegate.close();
    }
}
