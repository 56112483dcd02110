package io.xshathra.microbench;

import io.xshathra.engine.EngineParts;
import io.xshathra.engine.Node;
import io.xshathra.engine.broker.MemoryBroker;
import io.xshathra.engine.client.ClientSession;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.presence.MemoryPresenceManager;
import io.xshathra.protocol.ProtocolType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@link Node} on the memory broker, configured like a default server whose channels
 * without a namespace allow client subscriptions (no history, no presence), with sessions on
 * {@link CountingTransport}s bound to {@link InlineEventLoop}s. Everything goes through the
 * public entry points a network transport uses: {@link Node#newSession} and
 * {@link ClientSession#handleFrame}.
 */
public final class BenchNode implements AutoCloseable {
    private final MemoryBroker broker = new MemoryBroker(Clock.systemUTC(), null);
    private final MemoryPresenceManager presence = new MemoryPresenceManager();
    private final Node node;
    private final List<CountingTransport> transports = new ArrayList<>();

    public BenchNode() {
        EngineConfig base = EngineConfig.defaults(Samples.SECRET, "microbench-api-key");
        ChannelOptions.Builder options = ChannelOptions.builder();
        options.permissions = new ChannelOptions.Permissions(
                true, false, false, false, false, false, false, false, false, false, false);
        EngineConfig config = base.withChannel(base.channel().withNamespaces(options.build(), Map.of()));
        this.node = EngineParts.builder(config, Clock.systemUTC()).broker(broker).presence(presence)
                .version("microbench").build();
    }

    public Node node() {
        return node;
    }

    /** The options of {@link Samples#CHANNEL}, as the publish path resolves them. */
    public ChannelOptions channelOptions() {
        return node.channelRules().resolve(Samples.CHANNEL).options();
    }

    /**
     * Opens {@code count} sessions spread round-robin over {@code loops}, each connecting with
     * its own user's HS256 token and subscribing to {@link Samples#CHANNEL} in one frame.
     *
     * @throws IllegalStateException when not every session ended up connected and subscribed
     */
    public void connectSubscribers(int count, ProtocolType protocol, List<InlineEventLoop> loops) {
        int before = node.hub().numSubscriptions();
        for (int i = 0; i < count; i++) {
            CountingTransport t = new CountingTransport(protocol, loops.get(i % loops.size()));
            String token = Samples.token("user-" + i);
            byte[] frame = protocol == ProtocolType.JSON ? Samples.jsonConnectSubscribeFrame(token)
                    : Samples.protobufConnectSubscribeFrame(token);
            t.executor().execute(() -> node.newSession(t).handleFrame(frame));
            transports.add(t);
        }
        int subscribed = node.hub().numSubscriptions() - before;
        if (subscribed != count) {
            throw new IllegalStateException("only " + subscribed + " of " + count + " sessions subscribed");
        }
    }

    /** Every transport opened so far. */
    public List<CountingTransport> transports() {
        return transports;
    }

    /** Total writes over every transport. */
    public long totalWrites() {
        long n = 0;
        for (CountingTransport t : transports) {
            n += t.writes();
        }
        return n;
    }

    /**
     * Releases the broker and presence manager. Sessions are deliberately not disconnected one
     * by one: each unsubscribe rebuilds the channel's subscriber snapshot, so closing 10,000
     * subscribers of one channel costs O(n^2) and would be charged to the last measured iteration
     * by JMH's allocation profiler.
     */
    @Override
    public void close() {
        broker.close();
        presence.close();
    }
}
