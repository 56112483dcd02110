package io.xshathra.engine.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The node-to-node channel: a message published by one node reaches every node that shares the
 * bus, the publisher included, at most once and in publication order per publisher. Messages
 * are opaque bytes (the {@link Cluster} encodes them). A single node uses {@link #NONE}.
 */
public interface ControlBus {

    /** Sets who receives messages; called once, before the first publish. */
    void setReceiver(Consumer<byte[]> receiver);

    /** Sends a message to every node; the stage fails when the bus cannot take it. */
    CompletionStage<Void> publish(byte[] message);

    /** No other node: publishing does nothing, nothing is ever received. */
    ControlBus NONE = new ControlBus() {
        @Override
        public void setReceiver(Consumer<byte[]> receiver) {
        }

        @Override
        public CompletionStage<Void> publish(byte[] message) {
            return CompletableFuture.completedFuture(null);
        }
    };
}
