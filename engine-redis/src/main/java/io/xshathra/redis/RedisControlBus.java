package io.xshathra.redis;

import io.xshathra.engine.cluster.ControlBus;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The node-to-node channel on Redis Pub/Sub: {@code <prefix>.control} on the first shard. */
public final class RedisControlBus implements ControlBus {
    private final RedisEngine engine;

    public RedisControlBus(RedisEngine engine) {
        this.engine = engine;
    }

    @Override
    public void setReceiver(Consumer<byte[]> receiver) {
        engine.setControlHandler(receiver);
    }

    @Override
    public CompletionStage<Void> publish(byte[] message) {
        return engine.publishControl(message);
    }
}
