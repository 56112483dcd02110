package io.xshathra.engine.client;

import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.ConnectRequest;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.PresenceRequest;
import io.xshathra.protocol.proto.PresenceStatsRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The command handlers of one node (stateless, shared by all sessions) and the periodic
 * per-connection tick.
 */
public final class Commands {
    final SubscribeProcedure procedure;
    final ConnectHandler connect;
    final SubscribeCommand subscribe;
    final UnsubscribeCommand unsubscribe;
    final PublishCommand publish;
    final ChannelHandler presence;
    final ChannelHandler presenceStats;
    final HistoryHandler history;
    final RpcCommand rpc;
    final RefreshCommand refresh;
    final SubRefreshCommand subRefresh;
    final SharedPollCommand sharedPoll;
    final SessionContext ctx;

    interface ConnectHandler {
        CompletionStage<CommandOutcome> handle(ClientSession s, ConnectRequest r);
    }

    interface ChannelHandler {
        CompletionStage<CommandOutcome> handle(ClientSession s, Object request);
    }

    interface HistoryHandler {
        CompletionStage<CommandOutcome> handle(ClientSession s, HistoryRequest r);
    }

    /** The commands of a node that is alone (no other node to reach). */
    public Commands(SessionContext ctx) {
        this(ctx, UserDisconnect.NONE);
    }

    /** @param otherNodes disconnects a user's connections on the other nodes (single connection mode) */
    public Commands(SessionContext ctx, UserDisconnect otherNodes) {
        this.ctx = ctx;
        this.procedure = new SubscribeProcedure(ctx);
        ConnectCommand cc = new ConnectCommand(ctx, otherNodes);
        this.connect = cc::handle;
        this.sharedPoll = new SharedPollCommand(ctx);
        this.subscribe = new SubscribeCommand(ctx, sharedPoll);
        this.unsubscribe = new UnsubscribeCommand(ctx);
        this.publish = new PublishCommand(ctx);
        PresenceCommand pc = new PresenceCommand(ctx);
        this.presence = (s, r) -> pc.presence(s, ((PresenceRequest) r).getChannel());
        this.presenceStats = (s, r) -> pc.stats(s, ((PresenceStatsRequest) r).getChannel());
        HistoryCommand hc = new HistoryCommand(ctx);
        this.history = hc::handle;
        this.rpc = new RpcCommand(ctx);
        this.refresh = new RefreshCommand(ctx);
        this.subRefresh = new SubRefreshCommand(ctx);
    }

    /** The collaborators the commands use. */
    public SessionContext context() {
        return ctx;
    }

    /** A new connection; the session closes itself with 3502 if it does not connect in time. */
    public ClientSession newSession(Transport transport) {
        return new ClientSession(this, transport);
    }

    /**
     * The periodic tick of a connection: refresh presence, end expired subscriptions, and check
     * that idle positioned subscribers did not silently miss the stream's last publication.
     */
    void tick(ClientSession s) {
        long now = ctx.clock().millis();
        long subGrace = ctx.config().client().expiredSubCloseDelay().toMillis();
        long checkDelay = ctx.config().client().channelPositionCheckDelay().toMillis();
        for (SubscriptionState sub : s.subscriptions()) {
            if (sub.expireAt > 0 && now > sub.expireAt * 1000 + subGrace) {
                if (sub.serverRefresh) {
                    subRefresh.viaProxy(s, sub);
                    continue;
                }
                if (sub.serverSide) {
                    s.disconnect(Disconnect.SUBSCRIPTION_EXPIRED);
                    return;
                }
                s.serverUnsubscribe(sub.channel, 2501, "subscription expired");
                continue;
            }
            if (sub.presence) {
                ctx.presence().add(sub.key, s.id, s.clientInfo(sub.chanInfo));
            }
            if (sub.map != null) {
                MapPresence.add(ctx, s, sub);
            }
            if (sub.sharedPoll != null) {
                sub.sharedPoll.expire(now);
            }
            if (sub.positioned && sub.buffer == null && now - sub.positionCheckedAt > checkDelay) {
                checkPosition(s, sub);
            }
        }
    }

    /** Checks every idle positioned subscription of the connection now; on its event loop. */
    public void checkPositionsNow(ClientSession s) {
        for (SubscriptionState sub : s.subscriptions()) {
            if (sub.positioned && sub.buffer == null) {
                checkPosition(s, sub);
            }
        }
    }

    private void checkPosition(ClientSession s, SubscriptionState sub) {
        (sub.map != null ? ctx.mapBroker().readStream(sub.key, null, 0, sub.map)
                : ctx.broker().history(sub.key, HistoryQuery.top(ctx.metaTtl(sub.options))))
                .thenAccept(h -> s.execute(() -> {
                    if (s.subscription(sub.channel) != sub) {
                        return;
                    }
                    StreamPosition top = h.top();
                    if (top.offset() == sub.offset && top.epoch().equals(sub.epoch)) {
                        sub.positionCheckedAt = ctx.clock().millis();
                    } else if (top.offset() > sub.offset || !top.epoch().equals(sub.epoch)) {
                        s.insufficientState(sub);
                    }
                }));
    }
}
