package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.token.SubscribeOptionOverride;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Push;
import io.xshathra.protocol.proto.Refresh;
import io.xshathra.protocol.proto.Subscribe;
import io.xshathra.protocol.proto.SubscribeResult;

/**
 * What the server API does to one connection: server-side subscribe and refresh. Every method
 * must run on the session's event loop (use {@link ClientSession#execute}).
 */
public final class ServerActions {
    private final SessionContext ctx;

    public ServerActions(SessionContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A server-side subscription the API asks for.
     *
     * @param channel      channel name
     * @param nsOptions    the namespace's options, before {@code override}
     * @param info         channel info (raw JSON) or null
     * @param data         data for the subscribe push (raw JSON) or null
     * @param recoverSince recover from this position, or null
     * @param expireAt     unix seconds when the subscription expires, 0 = never
     * @param override     option overrides, or null
     */
    public record Subscription(String channel, ChannelOptions nsOptions, byte[] info, byte[] data,
                               StreamPosition recoverSince, long expireAt, SubscribeOptionOverride override) {
    }

    /**
     * Adds a server-side subscription and tells the client with a {@code subscribe} push.
     * Already subscribed: nothing happens. Over the channel limit: the connection is closed with
     * 3505.
     */
    public void subscribe(ClientSession s, Subscription sub) {
        String channel = sub.channel();
        if (!s.isConnected() || s.subscribed(channel)) {
            return;
        }
        if (s.subscriptionCount() >= ctx.config().client().channelLimit()) {
            s.disconnect(Disconnect.CHANNEL_LIMIT);
            return;
        }
        ChannelOptions o = Overrides.apply(sub.nsOptions(), sub.override());
        boolean recoverable = o.forceRecovery();
        SubscribeParams.Builder b = SubscribeParams.builder(channel, o).serverSide(true)
                .positioned(recoverable || o.forcePositioning()).recoverable(recoverable)
                .pushJoinLeave(o.forcePushJoinLeave()).chanInfo(sub.info()).data(sub.data()).expireAt(sub.expireAt());
        if (sub.recoverSince() != null) {
            b.recoverFrom(sub.recoverSince().offset(), sub.recoverSince().epoch());
        }
        SubscribeParams p = b.build();
        s.commands.procedure.run(s, p).thenAccept(out -> s.execute(() -> {
            if (out.disconnect() != null) {
                s.disconnect(out.disconnect());
                return;
            }
            if (out.error() != null || !s.isConnected()) {
                return;
            }
            SubscribeResult r = out.result();
            Subscribe.Builder push = Subscribe.newBuilder().setRecoverable(r.getRecoverable())
                    .setEpoch(r.getEpoch()).setOffset(r.getOffset()).setPositioned(r.getPositioned());
            if (sub.data() != null) {
                push.setData(ByteString.copyFrom(sub.data()));
            }
            s.writePush(Push.newBuilder().setChannel(channel).setSubscribe(push).build());
            out.afterWrite().run();
        }));
    }

    /**
     * Server-side refresh: {@code expired} closes with 3005; otherwise the expiry becomes
     * {@code expireAt} (0 = never) and the client gets a {@code refresh} push.
     */
    public void refresh(ClientSession s, boolean expired, long expireAt, byte[] info) {
        if (!s.isConnected()) {
            return;
        }
        if (expired) {
            s.disconnect(Disconnect.EXPIRED);
            return;
        }
        s.refreshCredentials(expireAt, info);
        Refresh.Builder push = Refresh.newBuilder();
        if (expireAt > 0) {
            push.setExpires(true).setTtl((int) Math.max(0, expireAt - ctx.clock().millis() / 1000));
        }
        s.writePush(Push.newBuilder().setRefresh(push).build());
    }
}
