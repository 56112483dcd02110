package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.ProxyEndpoint;
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
            return viaProxy(s, req, o, proxy);
        }
        if (s.readOnly() || (!ctx.config().client().insecure() && !Access.publish(o.permissions(), s.user(), sub != null))) {
            return ClientSession.done(CommandOutcome.error(ClientError.PERMISSION_DENIED));
        }
        Publication pub = Publication.newBuilder().setData(req.getData())
                .setInfo(s.clientInfo(sub == null ? null : sub.chanInfo)).build();
        return ctx.publish(s.key(req.getChannel()), pub, o, null)
                .handle((r, e) -> e != null ? CommandOutcome.error(ClientError.INTERNAL)
                        : CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance())));
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
            return ctx.publish(s.key(req.getChannel()), pub.build(), opts, idempotencyKey, delta)
                    .handle((res, e) -> e != null ? CommandOutcome.error(ClientError.INTERNAL)
                            : CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance())));
        });
    }
}
