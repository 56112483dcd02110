package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.PresenceResult;
import io.xshathra.protocol.proto.PresenceStatsResult;
import io.xshathra.protocol.proto.Reply;
import java.util.concurrent.CompletionStage;

/** The client {@code presence} and {@code presence_stats} commands. */
final class PresenceCommand {
    private final SessionContext ctx;

    PresenceCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    private ClientError check(ClientSession s, String channel) {
        ChannelCheck check = ChannelCheck.of(ctx, s.projectId(), channel);
        if (check.error() != null) {
            return check.error();
        }
        ChannelOptions o = check.channel().options();
        if (!o.presence()) {
            return ClientError.NOT_AVAILABLE;
        }
        if (!ctx.config().client().insecure()
                && !Access.presence(o.permissions(), s.user(), s.subscribed(channel))) {
            return ClientError.PERMISSION_DENIED;
        }
        return null;
    }

    CompletionStage<CommandOutcome> presence(ClientSession s, String channel) {
        if (channel.isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        ClientError err = check(s, channel);
        if (err != null) {
            return ClientSession.done(CommandOutcome.error(err));
        }
        return ctx.presence().presence(s.key(channel)).handle((m, e) -> e != null
                ? CommandOutcome.error(ClientError.INTERNAL)
                : CommandOutcome.reply(Reply.newBuilder().setPresence(PresenceResult.newBuilder().putAllPresence(m))));
    }

    CompletionStage<CommandOutcome> stats(ClientSession s, String channel) {
        if (channel.isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        ClientError err = check(s, channel);
        if (err != null) {
            return ClientSession.done(CommandOutcome.error(err));
        }
        return ctx.presence().stats(s.key(channel)).handle((st, e) -> e != null
                ? CommandOutcome.error(ClientError.INTERNAL)
                : CommandOutcome.reply(Reply.newBuilder().setPresenceStats(PresenceStatsResult.newBuilder()
                        .setNumClients(st.numClients()).setNumUsers(st.numUsers()))));
    }
}
