package io.xshathra.engine.client;

import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.config.SubscriptionType;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.tags.InvalidTagsFilterException;
import io.xshathra.engine.tags.TagsFilter;
import io.xshathra.engine.token.SubscriptionToken;
import io.xshathra.engine.token.TokenException;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Reply;
import io.xshathra.protocol.proto.SubscribeRequest;
import java.util.concurrent.CompletionStage;

/** The client {@code subscribe} command: checks, permissions, option negotiation, then set-up. */
final class SubscribeCommand {
    private static final long FLAG_REJECT_UNRECOVERED = 2;
    private final SessionContext ctx;
    private final MapSubscribeCommand map;
    private final SharedPollCommand sharedPoll;

    SubscribeCommand(SessionContext ctx, SharedPollCommand sharedPoll) {
        this.ctx = ctx;
        this.map = new MapSubscribeCommand(ctx);
        this.sharedPoll = sharedPoll;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, SubscribeRequest req) {
        String channel = req.getChannel();
        boolean sharedPollType = req.getType() == SubscriptionType.SHARED_POLL.wireType();
        // A shared-poll subscribe with an unknown delta type simply gets no delta, as in the reference.
        if (channel.isEmpty() || (!sharedPollType && !req.getDelta().isEmpty() && !"fossil".equals(req.getDelta()))) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        if (sharedPollType) {
            // Decided before any other check, as in the reference (unknown channels included).
            ResolvedChannel target = ctx.channelRules(s.projectId()).resolve(channel);
            if (target == null || !target.options().sharedPoll().configured()) {
                return error(ClientError.NOT_AVAILABLE);
            }
        }
        if (req.getType() != 0 && req.getType() != SubscriptionType.SHARED_POLL.wireType()) {
            CompletionStage<CommandOutcome> next = map.continuation(s, req);
            if (next != null) {
                return next;
            }
        }
        ChannelRules rules = ctx.channelRules(s.projectId());
        if (!rules.lengthOk(channel)) {
            return error(ClientError.BAD_REQUEST);
        }
        if (s.subscribed(channel)) {
            return error(ClientError.ALREADY_SUBSCRIBED);
        }
        if (s.subscriptionCount() >= ctx.config().client().channelLimit()) {
            return error(ClientError.LIMIT_EXCEEDED);
        }
        ResolvedChannel rc = rules.resolve(channel);
        if (rc == null) {
            return error(ClientError.UNKNOWN_CHANNEL);
        }
        if (!rules.nameOk(rc)) {
            return error(ClientError.BAD_REQUEST);
        }
        if (rc.options().sharedPoll().configured() && req.getType() != SubscriptionType.SHARED_POLL.wireType()) {
            // A shared-poll channel is subscribed to with type 4 only.
            return error(ClientError.BAD_REQUEST);
        }
        if (req.getType() != 0 || rc.options().map().configured()) {
            if (req.getType() != rc.options().subscriptionType().wireType()) {
                // The namespace's subscription_type decides how it may be subscribed to.
                return error(ClientError.PERMISSION_DENIED);
            }
        }
        boolean insecure = ctx.config().client().insecure();
        if (!req.getToken().isEmpty()) {
            return s.onLoop(ctx.subscriptionTokens().subscriptionToken(req.getToken()), (token, e) -> {
                if (e != null) {
                    TokenException te = TokenVerifier.failure(e);
                    return error(te == null || te.reason() == TokenException.Reason.UNAVAILABLE ? ClientError.INTERNAL
                            : te.reason() == TokenException.Reason.EXPIRED ? ClientError.TOKEN_EXPIRED
                            : ClientError.PERMISSION_DENIED);
                }
                return withToken(s, req, rc, token, insecure);
            });
        }
        if (rc.isPrivate()) {
            return error(ClientError.PERMISSION_DENIED);
        }
        // A namespace without a subscribe proxy asks nobody, unless the connection belongs to a project,
        // whose own backend (if any) the directory knows.
        ProxyEndpoint proxy = rc.options().proxies().subscribe() == null && s.projectId().isEmpty() ? null
                : ctx.proxies().directory().subscribe(s.projectId(), rc.options());
        // User-limited channels follow their own rule, as in the reference.
        if (proxy != null && !rules.isUserLimited(rc)) {
            return viaProxy(s, req, rc, proxy);
        }
        ProxyEndpoint stream = rc.options().proxies().subscribeStream() == null ? null
                : ctx.proxies().streams().endpoint(s.projectId(), rc.options());
        if (stream != null && !rules.isUserLimited(rc)) {
            return s.streams().subscribe(req, rc, stream);
        }
        if (rules.isUserLimited(rc)) {
            if (!rules.userAllowed(rc, s.user()) && !insecure) {
                return error(ClientError.PERMISSION_DENIED);
            }
        } else if (!Access.subscribe(rc.options().permissions(), s.user()) && !insecure) {
            return error(ClientError.PERMISSION_DENIED);
        }
        return subscribe(s, req, new Grant(rc.options(), null, null, 0), insecure);
    }

    /**
     * The backend decides: its result grants the subscription with its info, data, expiry and
     * option overrides. As in the reference, only forced positioning, recovery and join/leave
     * pushes apply (the client's own flags do not), and with a sub_refresh proxy the server
     * extends the subscription itself, so the client is not told it expires.
     */
    private CompletionStage<CommandOutcome> viaProxy(ClientSession s, SubscribeRequest req, ResolvedChannel rc,
                                                     ProxyEndpoint ep) {
        ProxyRequest.Subscribe call = new ProxyRequest.Subscribe(ProxyCalls.caller(s, ep), req.getChannel(),
                req.getToken(), req.getData().isEmpty() ? null : req.getData().toByteArray());
        return ProxyCalls.call(s, ep, call, r -> {
            if (!s.isConnected()) {
                return ClientSession.done(CommandOutcome.none());
            }
            if (s.subscribed(req.getChannel())) {
                return error(ClientError.ALREADY_SUBSCRIBED);
            }
            if (req.hasTf()) {
                return error(ClientError.BAD_REQUEST);
            }
            ChannelOptions o = r == null ? rc.options() : Overrides.apply(rc.options(), r.override());
            long expireAt = r == null ? 0 : r.expireAt();
            if (req.getType() == SubscriptionType.SHARED_POLL.wireType()) {
                return sharedPoll.start(s, req, new Grant(o, r == null ? null : r.info(), r == null ? null : r.data(),
                        expireAt));
            }
            if (expireAt > 0 && expireAt <= ctx.clock().millis() / 1000) {
                return error(ClientError.EXPIRED);
            }
            SubscribeParams p = SubscribeParams.builder(req.getChannel(), o).positioned(o.forcePositioning())
                    .recoverable(o.forceRecovery()).pushJoinLeave(o.forcePushJoinLeave())
                    .chanInfo(r == null ? null : r.info()).data(r == null ? null : r.data()).expireAt(expireAt)
                    .recovery(req.getRecover(), req.getOffset(), req.getEpoch())
                    .rejectUnrecovered((req.getFlag() & FLAG_REJECT_UNRECOVERED) != 0)
                    .delta("fossil".equals(req.getDelta()) && o.allowedDeltaTypes().contains("fossil"))
                    .build();
            boolean serverRefresh = (o.proxies().subRefresh() != null || !s.projectId().isEmpty())
                    && ctx.proxies().directory().subRefresh(s.projectId(), o) != null;
            return s.commands.procedure.run(s, p).thenApply(out -> {
                if (out.disconnect() != null) {
                    return CommandOutcome.disconnect(out.disconnect());
                }
                if (out.error() != null) {
                    return CommandOutcome.error(out.error());
                }
                SubscriptionState sub = s.subscription(req.getChannel());
                if (serverRefresh && sub != null) {
                    sub.serverRefresh = true;
                }
                return CommandOutcome.reply(Reply.newBuilder().setSubscribe(serverRefresh
                        ? out.result().toBuilder().clearExpires().clearTtl().build() : out.result()), out.afterWrite());
            });
        });
    }

    private CompletionStage<CommandOutcome> withToken(ClientSession s, SubscribeRequest req, ResolvedChannel rc,
                                                      SubscriptionToken token, boolean insecure) {
        if (!s.isConnected()) {
            return ClientSession.done(CommandOutcome.none());
        }
        if (!token.channel().equals(req.getChannel()) || !token.userId().equals(s.user())
                || (!token.client().isEmpty() && !token.client().equals(s.id()))
                || !token.projectId().equals(s.projectId())) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.INVALID_TOKEN));
        }
        if (token.expireAt() > 0 && token.expireAt() <= ctx.clock().millis() / 1000) {
            return error(ClientError.EXPIRED);
        }
        if (s.subscribed(req.getChannel())) {
            return error(ClientError.ALREADY_SUBSCRIBED);
        }
        return subscribe(s, req, new Grant(Overrides.apply(rc.options(), token.override()), token.info(),
                token.data(), token.expireAt()), insecure);
    }

    /**
     * What the namespace or the subscription token grants.
     *
     * @param options  namespace options, with the token's overrides applied
     * @param chanInfo channel info from the token (raw JSON) or null
     * @param data     subscription data from the token (raw JSON) or null
     * @param expireAt unix seconds when the subscription expires, 0 = never
     */
    record Grant(ChannelOptions options, byte[] chanInfo, byte[] data, long expireAt) {
    }

    private CompletionStage<CommandOutcome> subscribe(ClientSession s, SubscribeRequest req, Grant grant,
                                                      boolean insecure) {
        TagsFilter filter = null;
        if (req.hasTf()) {
            // Centrifugo answers 107 both when the namespace does not allow filters and when the
            // filter is malformed (or, here, beyond the size bounds).
            if (!grant.options().allowTagsFilter()) {
                return error(ClientError.BAD_REQUEST);
            }
            try {
                filter = TagsFilter.compile(req.getTf());
            } catch (InvalidTagsFilterException e) {
                return error(ClientError.BAD_REQUEST);
            }
        }
        if (req.getType() == SubscriptionType.SHARED_POLL.wireType()) {
            return filter != null ? error(ClientError.BAD_REQUEST) : sharedPoll.start(s, req, grant);
        }
        if (req.getType() != 0) {
            return map.start(s, req, grant, filter);
        }
        SubscribeParams p = negotiate(s, req, grant, insecure, filter);
        return s.commands.procedure.run(s, p).thenApply(o -> o.disconnect() != null
                ? CommandOutcome.disconnect(o.disconnect())
                : o.error() != null ? CommandOutcome.error(o.error())
                : CommandOutcome.reply(Reply.newBuilder().setSubscribe(o.result()), o.afterWrite()));
    }

    private static SubscribeParams negotiate(ClientSession s, SubscribeRequest req, Grant grant, boolean insecure,
                                             TagsFilter filter) {
        ChannelOptions o = grant.options();
        boolean historyOk = insecure || Access.history(o.permissions(), s.user(), true);
        boolean presenceOk = insecure || Access.presence(o.permissions(), s.user(), true);
        boolean recoverable = o.forceRecovery() || (req.getRecoverable() && (o.allowRecovery() || historyOk));
        boolean positioned = recoverable || o.forcePositioning()
                || (req.getPositioned() && (o.allowPositioning() || historyOk));
        boolean pushJoinLeave = o.forcePushJoinLeave() || (req.getJoinLeave() && o.joinLeave() && presenceOk);
        return SubscribeParams.builder(req.getChannel(), o).positioned(positioned).recoverable(recoverable)
                .pushJoinLeave(pushJoinLeave).chanInfo(grant.chanInfo()).data(grant.data())
                .expireAt(grant.expireAt()).recovery(req.getRecover(), req.getOffset(), req.getEpoch())
                .rejectUnrecovered((req.getFlag() & FLAG_REJECT_UNRECOVERED) != 0)
                // An allowed type is granted; any other request silently gets no delta.
                .delta("fossil".equals(req.getDelta()) && o.allowedDeltaTypes().contains("fossil"))
                .tagsFilter(filter)
                .build();
    }

    private static CompletionStage<CommandOutcome> error(ClientError e) {
        return ClientSession.done(CommandOutcome.error(e));
    }
}
