package io.xshathra.engine.client;

import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.proto.ConnectRequest;
import java.util.Map;

/** The server-side subscriptions a connect proxy's result asks for. */
final class ProxyConnect {
    private ProxyConnect() {
    }

    /**
     * Adds the result's {@code channels} (namespace options) and {@code subs} (with their info,
     * data and option overrides; {@code subs} win for a channel in both) to {@code out}. A channel
     * of an unknown namespace, or a name no client could subscribe to, refuses the connect with
     * error 102, as in the reference.
     *
     * @return null, or the outcome refusing the connect
     */
    static CommandOutcome subs(SessionContext ctx, String projectId, ProxyResult.Connect r, ConnectRequest req,
                               Map<String, SubscribeParams> out) {
        for (String ch : r.channels()) {
            ResolvedChannel rc = known(ctx.channelRules(projectId), ch);
            if (rc == null) {
                return CommandOutcome.error(ClientError.UNKNOWN_CHANNEL);
            }
            out.put(ch, ConnectCommand.serverSide(ch, rc.options(), req.getSubsMap().get(ch), null, null));
        }
        for (Map.Entry<String, ProxyResult.SubscribeOptions> e : r.subs().entrySet()) {
            String ch = e.getKey();
            ResolvedChannel rc = known(ctx.channelRules(projectId), ch);
            if (rc == null) {
                return CommandOutcome.error(ClientError.UNKNOWN_CHANNEL);
            }
            ProxyResult.SubscribeOptions so = e.getValue();
            out.put(ch, ConnectCommand.serverSide(ch, Overrides.apply(rc.options(), so.override()),
                    req.getSubsMap().get(ch), so.info(), so.data()));
        }
        return null;
    }

    private static ResolvedChannel known(io.xshathra.engine.channel.ChannelRules rules, String ch) {
        return switch (rules.validate(ch)) {
            case VALID -> rules.resolve(ch);
            case UNKNOWN_NAMESPACE, INVALID_NAME -> null;
        };
    }
}
