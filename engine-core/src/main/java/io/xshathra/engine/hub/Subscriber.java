package io.xshathra.engine.hub;

import io.xshathra.protocol.ProtocolType;
import java.util.concurrent.Executor;

/** A local subscriber as the {@link Hub} sees it. */
public interface Subscriber {

    /** The event loop on which {@link #deliver} must run. */
    Executor executor();

    /** The subscriber's protocol. */
    ProtocolType protocol();

    /** Delivers a push; called on {@link #executor()}. */
    void deliver(PreparedPush push);
}
