package io.xshathra.netty;

import io.xshathra.engine.broker.Broker;
import io.xshathra.engine.broker.ForwardingBroker;
import io.xshathra.engine.broker.PublishOptions;
import io.xshathra.engine.broker.PublishResult;
import io.xshathra.protocol.proto.Publication;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A broker whose publishes wait until the test opens its gate, as they would behind a slow
 * Redis: a client's publish command then holds back every command after it.
 */
final class HeldPublishBroker extends ForwardingBroker {
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    HeldPublishBroker(Broker delegate) {
        super(delegate);
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
    public void close() {
        open();
        delegate.close();
    }
}
