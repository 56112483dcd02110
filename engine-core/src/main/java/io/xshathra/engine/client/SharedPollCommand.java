package io.xshathra.engine.client;

import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.sharedpoll.SharedPolls;
import io.xshathra.engine.sharedpoll.TrackSignatures;
import io.xshathra.engine.sharedpoll.TrackedKeys;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.proto.KeyedItem;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubRefreshResult;
import io.xshathra.protocol.proto.SubscribeRequest;
import io.xshathra.protocol.proto.SubscribeResult;
import io.xshathra.protocol.proto.TrackBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Shared-poll subscriptions of a connection (Centrifugo v6.9.1): the type-4 subscribe once it was
 * permitted, and {@code sub_refresh} with type 1 (track keys under the backend's signatures) and
 * type 2 (untrack keys). A shared-poll subscription has no stream: no broker subscription,
 * history, recovery or position; its publications come from the channel's poller.
 */
final class SharedPollCommand {
    static final int TRACK = 1;
    static final int UNTRACK = 2;
    private final SessionContext ctx;

    SharedPollCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** Sets the subscription up as {@code grant} allows; the checks before permission are done. */
    CompletionStage<CommandOutcome> start(ClientSession s, SubscribeRequest req, SubscribeCommand.Grant grant) {
        if (!s.projectId().isEmpty()
                && ctx.proxies().directory().sharedPollRefresh(s.projectId(), grant.options().sharedPoll()) == null) {
            // A project without a poll backend of its own could never receive anything.
            return error(ClientError.NOT_AVAILABLE);
        }
        long now = ctx.clock().millis() / 1000;
        if (grant.expireAt() > 0 && grant.expireAt() <= now) {
            return error(ClientError.EXPIRED);
        }
        // An unknown or disallowed delta type is not an error: delta is simply not negotiated.
        boolean delta = "fossil".equals(req.getDelta()) && grant.options().allowedDeltaTypes().contains("fossil");
        SubscribeParams p = SubscribeParams.builder(req.getChannel(), grant.options()).chanInfo(grant.chanInfo())
                .data(grant.data()).expireAt(grant.expireAt()).delta(delta).build();
        SubscriptionState sub = new SubscriptionState(s, s.key(req.getChannel()), p);
        sub.type = 4;
        sub.sharedPoll = new SharedPollSubscription(s, sub);
        s.addSubscription(sub);
        SharedPollOptions o = grant.options().sharedPoll();
        SubscribeResult.Builder res = SubscribeResult.newBuilder().setType(4)
                .setEpoch(ctx.sharedPolls().epoch(sub.key, o));
        if (grant.expireAt() > 0) {
            res.setExpires(true).setTtl((int) (grant.expireAt() - now));
        }
        if (delta) {
            res.setDelta(true);
        }
        if (grant.data() != null) {
            res.setData(com.google.protobuf.ByteString.copyFrom(grant.data()));
        }
        return ClientSession.done(CommandOutcome.reply(Reply.newBuilder().setSubscribe(res)));
    }

    /** A {@code sub_refresh} of type 1 or 2 on a shared-poll subscription. */
    CompletionStage<CommandOutcome> refresh(ClientSession s, SharedPollSubscription sp, SubRefreshRequest req) {
        return ClientSession.done(req.getType() == TRACK ? track(s, sp, req) : untrack(sp, req));
    }

    private CommandOutcome track(ClientSession s, SharedPollSubscription sp, SubRefreshRequest req) {
        if (req.getTrackCount() == 0) {
            return CommandOutcome.error(ClientError.BAD_REQUEST);
        }
        List<TrackedKeys.Item> items = TrackedKeys.flatten(req.getTrackList());
        if (items.isEmpty()) {
            return CommandOutcome.error(ClientError.BAD_REQUEST);
        }
        SharedPollOptions o = sp.sub.options.sharedPoll();
        if (!sp.keys.fits(items, req.getUntrackList(), o.effectiveMaxKeysPerConnection())) {
            return CommandOutcome.error(ClientError.LIMIT_EXCEEDED);
        }
        List<TrackSignatures.Batch> batches = new ArrayList<>(req.getTrackCount());
        for (TrackBatch b : req.getTrackList()) {
            List<String> keys = new ArrayList<>(b.getItemsCount());
            for (KeyedItem it : b.getItemsList()) {
                keys.add(it.getKey());
            }
            batches.add(new TrackSignatures.Batch(b.getSignature(), keys));
        }
        long now = ctx.clock().millis() / 1000;
        TrackSignatures.Verdict v = ctx.sharedPolls().signatures().verify(sp.sub.channel, s.user(), batches, now);
        if (!v.ok()) {
            return CommandOutcome.error(v.error());
        }
        sp.keys.track(items, v.expireAt());
        SubRefreshResult.Builder res = SubRefreshResult.newBuilder();
        long minExp = 0;
        for (long exp : v.expireAt()) {
            if (exp > 0 && (minExp == 0 || exp < minExp)) {
                minExp = exp;
            }
        }
        if (minExp > 0) {
            res.setExpires(true);
            if (minExp > now) {
                res.setTtl((int) Math.min(Integer.MAX_VALUE, minExp - now));
            }
        }
        List<SharedPolls.KeyVersion> tracked = new ArrayList<>(items.size());
        for (TrackedKeys.Item it : items) {
            tracked.add(new SharedPolls.KeyVersion(it.key(), it.version()));
        }
        List<String> untrack = List.copyOf(req.getUntrackList());
        // The connection joins the fan-out after the reply is written: no push comes before it.
        return CommandOutcome.reply(Reply.newBuilder().setSubRefresh(res), () -> {
            if (s.subscription(sp.sub.channel) != sp.sub) {
                return;
            }
            ctx.sharedPolls().track(sp.ref, sp, tracked);
            ctx.sharedPolls().untrack(sp.sub.key, sp, sp.keys.untrack(untrack));
        });
    }

    private CommandOutcome untrack(SharedPollSubscription sp, SubRefreshRequest req) {
        if (req.getUntrackCount() == 0) {
            return CommandOutcome.error(ClientError.BAD_REQUEST);
        }
        ctx.sharedPolls().untrack(sp.sub.key, sp, sp.keys.untrack(req.getUntrackList()));
        return CommandOutcome.reply(Reply.newBuilder().setSubRefresh(SubRefreshResult.getDefaultInstance()));
    }

    private static CompletionStage<CommandOutcome> error(ClientError e) {
        return ClientSession.done(CommandOutcome.error(e));
    }
}
