package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.delta.JsonStringData;
import io.xshathra.engine.sharedpoll.Patch;
import io.xshathra.engine.sharedpoll.SharedPolls;
import io.xshathra.engine.sharedpoll.TrackedKeys;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.Push;
import java.util.List;

/**
 * A connection's shared-poll subscription: the keys it tracks and the versions it holds, and its
 * side of the channel's fan-out. The poller's calls hop to the connection's event loop, where
 * the per-connection rule applies: a key goes out only at a version above the one the connection
 * holds. With fossil delta negotiated, a key's first publication goes in full and later ones as a
 * patch when the connection holds exactly the patch's base version (else in full); in the JSON
 * protocol their data is then a JSON string. State is touched only on the event loop.
 */
final class SharedPollSubscription implements SharedPolls.Listener {
    final ClientSession session;
    final SubscriptionState sub;
    final SharedPolls.ChannelRef ref;
    final TrackedKeys keys = new TrackedKeys();

    SharedPollSubscription(ClientSession session, SubscriptionState sub) {
        this.session = session;
        this.sub = sub;
        this.ref = new SharedPolls.ChannelRef(sub.key, session.projectId(), sub.channel, sub.options.sharedPoll());
    }

    private SharedPolls polls() {
        return session.ctx.sharedPolls();
    }

    private boolean live() {
        return sub.active && session.isConnected();
    }

    @Override
    public void publication(String key, long version, byte[] data, String epoch, Patch patch) {
        session.execute(() -> {
            long held = keys.version(key);
            if (!live() || !keys.offer(key, version)) {
                return;
            }
            Publication.Builder p = Publication.newBuilder().setKey(key).setVersion(version).setEpoch(epoch);
            byte[] out = data;
            if (sub.delta) {
                // A patch only against exactly the version this connection holds, after a full send.
                if (patch != null && keys.deltaReady(key) && held == patch.baseVersion()) {
                    out = patch.data();
                    p.setDelta(patch.real());
                }
                keys.markDeltaReady(key);
                if (out != null && session.protocol() == ProtocolType.JSON) {
                    // With delta the JSON protocol carries data as a JSON string: the SDK's patch base.
                    byte[] quoted = JsonStringData.quote(out);
                    out = quoted == null ? out : quoted;
                }
            }
            if (out != null) {
                p.setData(ByteString.copyFrom(out));
            }
            session.writePush(Push.newBuilder().setChannel(sub.channel).setPub(p).build());
        });
    }

    @Override
    public void removed(String key) {
        session.execute(() -> {
            if (live() && !keys.untrack(List.of(key)).isEmpty()) {
                session.writePush(Push.newBuilder().setChannel(sub.channel)
                        .setPub(Publication.newBuilder().setKey(key).setRemoved(true)).build());
            }
        });
    }

    @Override
    public void epochChanged() {
        session.execute(() -> {
            if (live() && session.subscription(sub.channel) == sub) {
                session.serverUnsubscribe(sub.channel, 2500, "insufficient state");
            }
        });
    }

    /** Drops the keys whose signature expired more than the namespace's extra delay ago; nothing is sent. */
    void expire(long nowMillis) {
        List<String> gone = keys.expire(nowMillis / 1000,
                sub.options.sharedPoll().effectiveTrackExpiredExtraDelay().toSeconds());
        polls().untrack(sub.key, this, gone);
    }

    /** The subscription ends: every key leaves the channel's fan-out. */
    void close() {
        polls().untrack(sub.key, this, keys.untrack(keys.keys()));
    }
}
