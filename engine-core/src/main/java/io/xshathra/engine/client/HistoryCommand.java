package io.xshathra.engine.client;

import io.xshathra.engine.broker.HistoryQuery;
import io.xshathra.engine.broker.StreamPosition;
import io.xshathra.engine.broker.UnrecoverablePositionException;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.HistoryRequest;
import io.xshathra.protocol.proto.HistoryResult;
import io.xshathra.protocol.proto.Reply;
import java.util.concurrent.CompletionStage;

/** The client {@code history} command; the limit is capped at {@code history_max_publication_limit}. */
final class HistoryCommand {
    private final SessionContext ctx;

    HistoryCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, HistoryRequest req) {
        String channel = req.getChannel();
        if (channel.isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        ChannelCheck check = ChannelCheck.of(ctx, s.projectId(), channel);
        if (check.error() != null) {
            return ClientSession.done(CommandOutcome.error(check.error()));
        }
        ChannelOptions o = check.channel().options();
        if (!o.historyEnabled()) {
            return ClientSession.done(CommandOutcome.error(ClientError.NOT_AVAILABLE));
        }
        if (!ctx.config().client().insecure()
                && !Access.history(o.permissions(), s.user(), s.subscribed(channel))) {
            return ClientSession.done(CommandOutcome.error(ClientError.PERMISSION_DENIED));
        }
        if (req.getReverse() && req.hasSince() && req.getSince().getOffset() == 0) {
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        int max = ctx.config().client().historyMaxPublicationLimit();
        int limit = req.getLimit() < 0 || req.getLimit() > max ? max : req.getLimit();
        StreamPosition since = req.hasSince()
                ? new StreamPosition(req.getSince().getOffset(), req.getSince().getEpoch()) : null;
        HistoryQuery q = new HistoryQuery(since, limit, req.getReverse(), ctx.metaTtl(o));
        return ctx.broker().history(s.key(channel), q).handle((h, e) -> {
            if (e != null) {
                return CommandOutcome.error(SubscribeProcedure.unwrap(e) instanceof UnrecoverablePositionException
                        ? ClientError.UNRECOVERABLE_POSITION : ClientError.INTERNAL);
            }
            return CommandOutcome.reply(Reply.newBuilder().setHistory(HistoryResult.newBuilder()
                    .addAllPublications(h.publications()).setEpoch(h.top().epoch()).setOffset(h.top().offset())));
        });
    }
}
