package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.Node;
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
    private final Node node;

    public ServerActions(Node node) {
        this.node = node;
    }

    /**
     * Adds a server-side subscription and tells the client with a {@code subscribe} push.
     * Already subscribed: nothing happens. Over the channel limit: the connection is closed with
     * 3505.
     */
    public void subscribe(ClientSession s, String channel, ChannelOptions nsOptions, byte[] info, byte[] data,
                          StreamPosition recoverSince, long expireAt, SubscribeOptionOverride override) {
        if (!s.isConnected() || s.subs.containsKey(channel)) {
            return;
        }
        if (s.subs.size() >= node.config().client().channelLimit()) {
            s.disconnect(Disconnect.CHANNEL_LIMIT);
            return;
        }
        ChannelOptions o = Overrides.apply(nsOptions, override);
        boolean recoverable = o.forceRecovery();
        boolean recover = recoverSince != null;
        SubscribeParams p = new SubscribeParams(channel, o, true, recoverable || o.forcePositioning(), recoverable,
                o.forcePushJoinLeave(), info, data, expireAt, recover, recover ? recoverSince.offset() : 0,
                recover ? recoverSince.epoch() : "", false);
        node.commands().procedure.run(s, p).thenAccept(out -> s.execute(() -> {
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
            if (data != null) {
                push.setData(ByteString.copyFrom(data));
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
        if (info != null) {
            s.connInfo = info;
        }
        s.expireAt = expireAt;
        s.timers.scheduleExpiry();
        Refresh.Builder push = Refresh.newBuilder();
        if (expireAt > 0) {
            push.setExpires(true).setTtl((int) Math.max(0, expireAt - node.clock().millis() / 1000));
        }
        s.writePush(Push.newBuilder().setRefresh(push).build());
    }
}
