package io.xshathra.engine.client;

import io.xshathra.engine.Node;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.TokenException;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.RefreshRequest;
import io.xshathra.protocol.proto.RefreshResult;
import io.xshathra.protocol.proto.Reply;
import java.util.List;

/**
 * The client {@code refresh} command: a new connection token extends (or ends) the
 * connection's expiry. Unlike the reference, a token without {@code exp} clears the expiry
 * instead of leaving the old one armed.
 */
final class RefreshCommand {
    private final Node node;

    RefreshCommand(Node node) {
        this.node = node;
    }

    CommandOutcome handle(ClientSession s, RefreshRequest req) {
        if (req.getToken().isEmpty()) {
            return CommandOutcome.disconnect(Disconnect.BAD_REQUEST);
        }
        ConnectToken token;
        try {
            token = node.connectionTokens().verifyConnectToken(req.getToken());
        } catch (TokenException e) {
            return CommandOutcome.disconnect(e.reason() == TokenException.Reason.EXPIRED
                    ? Disconnect.EXPIRED : Disconnect.INVALID_TOKEN);
        }
        if (!token.userId().equals(s.user) || !token.projectId().equals(s.projectId)) {
            return CommandOutcome.disconnect(Disconnect.INVALID_TOKEN);
        }
        List<String> channels = ConnectCommand.tokenChannels(token);
        if (!channels.equals(s.tokenChannels)) {
            return CommandOutcome.disconnect(Disconnect.INSUFFICIENT_STATE);
        }
        if (token.info() != null) {
            s.connInfo = token.info();
        }
        s.expireAt = token.expireAt();
        s.timers.scheduleExpiry();
        RefreshResult.Builder res = RefreshResult.newBuilder();
        if (s.expireAt > 0) {
            res.setExpires(true).setTtl((int) Math.max(0, s.expireAt - node.clock().millis() / 1000));
        }
        return CommandOutcome.reply(Reply.newBuilder().setRefresh(res));
    }
}
