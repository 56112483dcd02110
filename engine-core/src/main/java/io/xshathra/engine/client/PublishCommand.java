package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.project.LimitRefusal;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.util.DataFormats;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.Publication;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.PublishResult;
import io.xshathra.protocol.proto.Reply;
import java.util.concurrent.CompletionStage;

/** The client {@code publish} command. */
final class PublishCommand {
    private final SessionContext ctx;
    private final MapPublishCommand map;

    PublishCommand(SessionContext ctx) {
        this.ctx = ctx;
        this.map = new MapPublishCommand(ctx);
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, PublishRequest req) {
        if (req.getType() == 1) {
            return map.handle(s, req);
        }
        if (req.getChannel().isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        ChannelCheck check = ChannelCheck.of(ctx, s.projectId(), req.getChannel());
        if (check.error() != null) {
            return ClientSession.done(CommandOutcome.error(check.error()));
        }
        ChannelOptions o = check.channel().options();
        if (!DataFormats.accepts(o.publicationDataFormat(), req.getData())) {
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        if (o.proxies().subscribeStream() != null && s.projectId().isEmpty()) {
            return StreamSubscriptions.publish(s, req, o);
        }
        SubscriptionState sub = s.subscription(req.getChannel());
        ProxyEndpoint proxy = o.proxies().publish() == null && s.projectId().isEmpty() ? null
                : ctx.proxies().directory().publish(s.projectId(), o);
        if (proxy != null && !s.readOnly()) {
            ClientError over = overLimit(ctx, s, req);
            return over != null ? ClientSession.done(CommandOutcome.error(over)) : viaProxy(s, req, o, proxy);
        }
        if (s.readOnly() || (!ctx.config().client().insecure() && !Access.publish(o.permissions(), s.user(), sub != null))) {
            return ClientSession.done(CommandOutcome.error(ClientError.PERMISSION_DENIED));
        }
        ClientError over = overLimit(ctx, s, req);
        if (over != null) {
            return ClientSession.done(CommandOutcome.error(over));
        }
        Publication pub = Publication.newBuilder().setData(req.getData())
                .setInfo(s.clientInfo(sub == null ? null : sub.chanInfo)).build();
        return ctx.publish(s.key(req.getChannel()), pub, o, null)
                .handle((r, e) -> published(s, req.getChannel(), pub, e));
    }

    /**
     * The project's message size and publication rate, checked before the backend is asked or the
     * publication made: null when they admit it, else the error naming the limit (Centrifugo's
     * "limit exceeded" for the size, its temporary "too many requests" for the rate).
     */
    static ClientError overLimit(SessionContext ctx, ClientSession s, PublishRequest req) {
        if (s.projectId().isEmpty()) {
            return null;
        }
        LimitRefusal r = ctx.tenants().limits().admitPublications(s.projectId(), 1, req.getData().size());
        if (r == null) {
            return null;
        }
        return r.limit() == LimitRefusal.Limit.MAX_MESSAGE_SIZE
                ? new ClientError(ClientError.LIMIT_EXCEEDED.code(), r.message(), false)
                : new ClientError(ClientError.TOO_MANY_REQUESTS.code(), r.message(), true);
    }

    /**
     * The backend decides instead of the namespace's permissions: its result may replace the
     * data, skip history, add tags, an idempotency key or ask for a delta.
     */
    private CompletionStage<CommandOutcome> viaProxy(ClientSession s, PublishRequest req, ChannelOptions o,
                                                     ProxyEndpoint ep) {
        ProxyRequest.Publish call = new ProxyRequest.Publish(ProxyCalls.caller(s, ep), req.getChannel(),
                req.getData().isEmpty() ? null : req.getData().toByteArray());
        return ProxyCalls.call(s, ep, call, r -> {
            if (!s.isConnected()) {
                return ClientSession.done(CommandOutcome.none());
            }
            SubscriptionState sub = s.subscription(req.getChannel());
            Publication.Builder pub = Publication.newBuilder()
                    .setInfo(s.clientInfo(sub == null ? null : sub.chanInfo));
            ChannelOptions opts = o;
            String idempotencyKey = null;
            boolean delta = false;
            if (r != null) {
                pub.setData(r.data() != null ? ByteString.copyFrom(r.data()) : req.getData()).putAllTags(r.tags());
                if (r.skipHistory()) {
                    ChannelOptions.Builder b = o.toBuilder();
                    b.historySize = 0;
                    b.historyTtl = java.time.Duration.ZERO;
                    opts = b.build();
                }
                idempotencyKey = r.idempotencyKey().isEmpty() ? null : r.idempotencyKey();
                delta = r.delta();
            } else {
                pub.setData(req.getData());
            }
            Publication built = pub.build();
            return ctx.publish(s.key(req.getChannel()), built, opts, idempotencyKey, delta)
                    .handle((res, e) -> published(s, req.getChannel(), built, e));
        });
    }

    /**
     * The reply to a publish; an accepted one is also a {@code client_publication} event of the
     * project, carrying the data as published (through a proxy: as the backend left it).
     */
    private CommandOutcome published(ClientSession s, String channel, Publication pub, Throwable error) {
        if (error != null) {
            return CommandOutcome.error(ClientError.INTERNAL);
        }
        TenantHooks.published(ctx, s, channel, pub.getData());
        return CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance()));
    }
}
