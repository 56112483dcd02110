package io.xshathra.engine.hub;

import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.PushFormat;
import java.util.concurrent.Executor;

/** A local subscriber as the {@link Hub} sees it. */
public interface Subscriber {

    /** The event loop on which {@link #deliver} must run. */
    Executor executor();

    /** The subscriber's protocol. */
    ProtocolType protocol();

    /**
     * The format the subscriber's connection takes pushes in; a push is encoded once per format
     * present among a channel's subscribers. Must not change while subscribed.
     */
    default PushFormat pushFormat() {
        return PushFormat.of(protocol(), false);
    }

    /** Delivers a push; called on {@link #executor()}. */
    void deliver(PreparedPush push);
}
