package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
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
        ChannelCheck check = ChannelCheck.of(ctx, req.getChannel());
        if (check.error() != null) {
            return ClientSession.done(CommandOutcome.error(check.error()));
        }
        ChannelOptions o = check.channel().options();
        if (!DataFormats.accepts(o.publicationDataFormat(), req.getData())) {
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        SubscriptionState sub = s.subscription(req.getChannel());
        if (s.readOnly() || (!ctx.config().client().insecure() && !Access.publish(o.permissions(), s.user(), sub != null))) {
            return ClientSession.done(CommandOutcome.error(ClientError.PERMISSION_DENIED));
        }
        Publication pub = Publication.newBuilder().setData(req.getData())
                .setInfo(s.clientInfo(sub == null ? null : sub.chanInfo)).build();
        return ctx.publish(s.key(req.getChannel()), pub, o, null)
                .handle((r, e) -> e != null ? CommandOutcome.error(ClientError.INTERNAL)
                        : CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance())));
    }
}
