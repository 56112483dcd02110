package io.xshathra.engine.client;

import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.UnsubscribeRequest;
import io.xshathra.protocol.proto.UnsubscribeResult;

/** The client {@code unsubscribe} command, and the one place a subscription is torn down. */
final class UnsubscribeCommand {
    private final SessionContext ctx;

    UnsubscribeCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CommandOutcome handle(ClientSession s, UnsubscribeRequest req) {
        if (req.getChannel().isEmpty()) {
            return CommandOutcome.disconnect(Disconnect.BAD_REQUEST);
        }
        s.mapCatchUps.remove(req.getChannel());
        remove(s, req.getChannel());
        return CommandOutcome.reply(Reply.newBuilder().setUnsubscribe(UnsubscribeResult.getDefaultInstance()));
    }

    /** Removes the subscription: hub, broker interest, presence, and a leave event. */
    void remove(ClientSession s, String channel) {
        if (s.streams != null) {
            s.streams.cancel(channel);
        }
        SubscriptionState sub = s.removeSubscription(channel);
        if (sub == null) {
            return;
        }
        sub.active = false;
        if (sub.sharedPoll != null) {
            sub.sharedPoll.close();
        }
        if (TenantHooks.removed(ctx, sub.key, ctx.hub().remove(sub.key, sub))) {
            if (sub.map != null) {
                ctx.mapBroker().unsubscribe(sub.key);
            } else {
                ctx.broker().unsubscribe(sub.key);
            }
        }
        if (sub.map != null) {
            MapPresence.remove(ctx, s, sub);
        }
        if (sub.presence) {
            ctx.presence().remove(sub.key, s.id);
        }
        TenantHooks.memberRemoved(ctx, s, sub);
        if (sub.joinLeave) {
            ctx.broker().publishLeave(sub.key, s.clientInfo(sub.chanInfo));
        }
    }
}
