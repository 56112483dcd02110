package io.xshathra.engine.client;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.token.SubscriptionToken;
import io.xshathra.engine.token.TokenException;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubRefreshRequest;
import io.xshathra.protocol.proto.SubRefreshResult;
import java.util.concurrent.CompletionStage;

/**
 * The client {@code sub_refresh} command. An already expired token ends the subscription with
 * unsubscribe code 2501, so the SDK resubscribes with a fresh token (the reference instead
 * silently stops expiring the subscription).
 */
final class SubRefreshCommand {
    private final SessionContext ctx;

    SubRefreshCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, SubRefreshRequest req) {
        String channel = req.getChannel();
        if (channel.isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        if (!s.subscribed(channel)) {
            return ClientSession.done(CommandOutcome.error(ClientError.PERMISSION_DENIED));
        }
        SharedPollSubscription poll = s.subscription(channel).sharedPoll;
        if (poll != null && (req.getType() == SharedPollCommand.TRACK || req.getType() == SharedPollCommand.UNTRACK)) {
            return s.commands.sharedPoll.refresh(s, poll, req);
        }
        if (s.subscription(channel).serverRefresh) {
            // The server refreshes this one through the sub_refresh proxy.
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        if (req.getToken().isEmpty()) {
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        return s.onLoop(ctx.subscriptionTokens().subscriptionToken(req.getToken()),
                (token, e) -> ClientSession.done(e == null ? refresh(s, channel, token) : refused(s, channel, e)));
    }

    private static CommandOutcome refused(ClientSession s, String channel, Throwable e) {
        TokenException te = TokenVerifier.failure(e);
        if (te == null || te.reason() == TokenException.Reason.UNAVAILABLE) {
            return CommandOutcome.error(ClientError.INTERNAL);
        }
        if (te.reason() == TokenException.Reason.EXPIRED) {
            return CommandOutcome.reply(Reply.newBuilder().setSubRefresh(SubRefreshResult.getDefaultInstance()),
                    () -> s.serverUnsubscribe(channel, 2501, "subscription expired"));
        }
        return CommandOutcome.disconnect(Disconnect.INVALID_TOKEN);
    }

    private CommandOutcome refresh(ClientSession s, String channel, SubscriptionToken token) {
        SubscriptionState sub = s.subscription(channel);
        if (sub == null || !s.isConnected()) {
            return CommandOutcome.error(ClientError.PERMISSION_DENIED);
        }
        if (!token.channel().equals(channel) || !token.userId().equals(s.user())
                || (!token.client().isEmpty() && !token.client().equals(s.id()))
                || !token.projectId().equals(s.projectId())) {
            return CommandOutcome.disconnect(Disconnect.INVALID_TOKEN);
        }
        long now = ctx.clock().millis() / 1000;
        if (token.expireAt() > 0 && token.expireAt() <= now) {
            return CommandOutcome.error(ClientError.EXPIRED);
        }
        sub.expireAt = token.expireAt();
        if (token.info() != null) {
            sub.chanInfo = token.info();
        }
        SubRefreshResult.Builder res = SubRefreshResult.newBuilder();
        if (sub.expireAt > 0) {
            res.setExpires(true).setTtl((int) (sub.expireAt - now));
        }
        return CommandOutcome.reply(Reply.newBuilder().setSubRefresh(res));
    }

    /**
     * Server-side refresh of an expired subscription through its namespace's sub_refresh proxy,
     * as the reference does it: a result extends the subscription (expiry 0 = never) and may
     * replace its channel info; {@code expired}, no result or a past expiry ends it (2501); a
     * failed call gives it another minute. One call per subscription at a time.
     */
    void viaProxy(ClientSession s, SubscriptionState sub) {
        ProxyEndpoint ep = ctx.proxies().directory().subRefresh(s.projectId(), sub.options);
        if (sub.refreshing) {
            return;
        }
        if (ep == null) {
            s.serverUnsubscribe(sub.channel, 2501, "subscription expired");
            return;
        }
        sub.refreshing = true;
        ProxyRequest.SubRefresh call = new ProxyRequest.SubRefresh(ProxyCalls.caller(s, ep), sub.channel);
        ctx.proxies().call(ep, s.callHeaders(), call).whenComplete((reply, e) -> s.execute(() -> {
            sub.refreshing = false;
            if (s.subscription(sub.channel) != sub || !s.isConnected()) {
                return;
            }
            long now = ctx.clock().millis() / 1000;
            if (e != null) {
                sub.expireAt = now + 60;
                return;
            }
            ProxyResult.SubRefresh r = reply.result();
            if (r == null || r.expired() || (r.expireAt() > 0 && r.expireAt() < now)) {
                s.serverUnsubscribe(sub.channel, 2501, "subscription expired");
                return;
            }
            sub.expireAt = r.expireAt();
            if (r.info() != null && r.info().length > 0) {
                sub.chanInfo = r.info();
            }
        }));
    }
}
