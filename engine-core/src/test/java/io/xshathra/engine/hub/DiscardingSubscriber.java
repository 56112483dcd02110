package io.xshathra.engine.hub;

import io.xshathra.protocol.ProtocolType;
import java.util.concurrent.Executor;

/**
 * A JSON subscriber that runs on the caller's thread and drops every push: for tests that need
 * the hub to hold a local subscriber (and count it) but not to look at what it is sent.
 */
public final class DiscardingSubscriber implements Subscriber {
    private static final Executor DIRECT = Runnable::run;

    @Override
    public Executor executor() {
        return DIRECT;
    }

    @Override
    public ProtocolType protocol() {
        return ProtocolType.JSON;
    }

    @Override
    public void deliver(PreparedPush push) {
        // dropped: the tests using it look at counts, not pushes
    }
}
