package io.xshathra.engine.client;

import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.protocol.ClientError;

/**
 * The checks shared by the channel-scoped read/write commands (publish, presence, history):
 * the name must fit {@code channel.max_length} (else 107, as subscribe answers), the namespace
 * must exist and the name must be valid.
 *
 * @param channel resolved channel, when {@code error} is null
 * @param error   the client error, or null
 */
record ChannelCheck(ResolvedChannel channel, ClientError error) {

    static ChannelCheck of(SessionContext ctx, String projectId, String channel) {
        io.xshathra.engine.channel.ChannelRules rules = ctx.channelRules(projectId);
        if (!rules.lengthOk(channel)) {
            return new ChannelCheck(null, ClientError.BAD_REQUEST);
        }
        ResolvedChannel rc = rules.resolve(channel);
        if (rc == null) {
            return new ChannelCheck(null, ClientError.UNKNOWN_CHANNEL);
        }
        if (!rules.nameOk(rc)) {
            return new ChannelCheck(null, ClientError.BAD_REQUEST);
        }
        return new ChannelCheck(rc, null);
    }
}
