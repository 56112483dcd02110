package io.xshathra.engine.broker;

import io.xshathra.protocol.proto.ClientInfo;
import io.xshathra.protocol.proto.Publication;
import java.util.concurrent.CompletionStage;

/**
 * A broker that hands every call to another one; a test broker extends it and overrides only the
 * calls it holds back or watches (shared with other modules through engine-core's test jar).
 */
public abstract class ForwardingBroker implements Broker {
    protected final Broker delegate;

    protected ForwardingBroker(Broker delegate) {
        this.delegate = delegate;
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
    public CompletionStage<HistoryResult> history(String channel, HistoryQuery query) {
        return delegate.history(channel, query);
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
