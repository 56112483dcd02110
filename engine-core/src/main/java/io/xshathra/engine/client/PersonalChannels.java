package io.xshathra.engine.client;

import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.PersonalChannel;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code client.subscribe_to_user_personal_channel} at connect time, as Centrifugo does it: a
 * connection with a non-empty user gets a server-side subscription to the user's personal
 * channel with that namespace's options; with {@code single_connection}, when the personal
 * channel's presence already shows a connection, the user's other connections are closed with
 * 3504 ("connection limit") on every node before the new one is accepted. Presence is what detects the other
 * connections, which is why startup requires presence on that namespace.
 */
final class PersonalChannels {
    private final SessionContext ctx;
    private final UserDisconnect otherNodes;

    PersonalChannels(SessionContext ctx, UserDisconnect otherNodes) {
        this.ctx = ctx;
        this.otherNodes = otherNodes;
    }

    private PersonalChannel settings() {
        return ctx.config().client().personalChannel();
    }

    /** Whether {@code user} gets a personal channel. */
    boolean appliesTo(String user) {
        return settings().enabled() && !user.isEmpty();
    }

    /** Whether a connection of {@code user} must first close the user's other connections. */
    boolean singleConnection(String user) {
        return appliesTo(user) && settings().singleConnection();
    }

    /** The personal channel of {@code user}. */
    String channelOf(String user) {
        ChannelConfig cc = ctx.config().channel();
        return settings().channel(user, cc.namespaceBoundary(), cc.userBoundary());
    }

    /**
     * With {@code single_connection}: asks the personal channel's presence (cluster-wide with
     * Redis) whether the user is connected already and, if so, disconnects the user's other
     * connections on every node. Completes (on any thread) with null to go on, or the disconnect for {@code s}
     * when presence cannot be read (3004).
     */
    CompletionStage<Disconnect> enforceSingleConnection(ClientSession s, String projectId, String user) {
        if (!singleConnection(user)) {
            return CompletableFuture.completedFuture(null);
        }
        String key = ChannelSpace.key(projectId, channelOf(user));
        return ctx.presence().stats(key).handle((stats, e) -> {
            if (e != null) {
                return Disconnect.SERVER_ERROR;
            }
            if (stats.numClients() >= 1) {
                for (ClientSession other : ctx.sessions().sessionsOf(projectId, user)) {
                    if (other != s) {
                        other.execute(() -> other.disconnect(Disconnect.CONNECTION_LIMIT));
                    }
                }
                otherNodes.onOtherNodes(projectId, user, s.id, Disconnect.CONNECTION_LIMIT);
            }
            return null;
        });
    }

    /**
     * Adds the personal subscription to {@code out} (replacing a token's subscription to the same
     * channel, as in Centrifugo).
     *
     * @return null, or error 102 when the personal channel's namespace does not exist
     */
    ClientError addSubscription(String projectId, String user, ConnectRequest req, Map<String, SubscribeParams> out) {
        String channel = channelOf(user);
        ResolvedChannel rc = ctx.channelRules(projectId).resolve(channel);
        if (rc == null) {
            return ClientError.UNKNOWN_CHANNEL;
        }
        ChannelOptions o = rc.options();
        boolean recoverable = o.forceRecovery();
        SubscribeParams.Builder p = SubscribeParams.builder(channel, o).serverSide(true)
                .positioned(recoverable || o.forcePositioning()).recoverable(recoverable)
                .pushJoinLeave(o.forcePushJoinLeave());
        SubscribeRequest asked = req.getSubsMap().get(channel);
        if (asked != null && asked.getRecover()) {
            p.recoverFrom(asked.getOffset(), asked.getEpoch());
        }
        out.put(channel, p.build());
        return null;
    }
}
