package io.xshathra.engine.client;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.TokenException;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.RefreshRequest;
import io.xshathra.protocol.proto.RefreshResult;
import io.xshathra.protocol.proto.Reply;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The client {@code refresh} command: a new connection token extends (or ends) the
 * connection's expiry. Unlike the reference, a token without {@code exp} clears the expiry
 * instead of leaving the old one armed.
 */
final class RefreshCommand {
    private final SessionContext ctx;

    RefreshCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, RefreshRequest req) {
        if (req.getToken().isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        if (ctx.proxies().directory().refresh(s.projectId()) != null) {
            // The server refreshes through the refresh proxy; a client refresh breaks the protocol.
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        return s.onLoop(ctx.connectionTokens().connectToken(req.getToken()), (token, e) -> {
            if (e == null) {
                return ClientSession.done(refresh(s, token));
            }
            TokenException te = TokenVerifier.failure(e);
            return ClientSession.done(te == null || te.reason() == TokenException.Reason.UNAVAILABLE
                    ? CommandOutcome.error(ClientError.INTERNAL)
                    : CommandOutcome.disconnect(te.reason() == TokenException.Reason.EXPIRED
                    ? Disconnect.EXPIRED : Disconnect.INVALID_TOKEN));
        });
    }

    private CommandOutcome refresh(ClientSession s, ConnectToken token) {
        if (!s.isConnected()) {
            return CommandOutcome.none();
        }
        if (!token.userId().equals(s.user()) || !token.projectId().equals(s.projectId())) {
            return CommandOutcome.disconnect(Disconnect.INVALID_TOKEN);
        }
        List<String> channels = ConnectCommand.tokenChannels(token);
        if (!channels.equals(s.tokenChannels())) {
            return CommandOutcome.disconnect(Disconnect.INSUFFICIENT_STATE);
        }
        s.refreshCredentials(token.expireAt(), token.info());
        RefreshResult.Builder res = RefreshResult.newBuilder();
        if (s.expireAt() > 0) {
            res.setExpires(true).setTtl((int) Math.max(0, s.expireAt() - ctx.clock().millis() / 1000));
        }
        return CommandOutcome.reply(Reply.newBuilder().setRefresh(res));
    }

    /**
     * Server-side refresh of a due connection through the refresh proxy, as the reference does it:
     * a result extends the connection (and may replace its info and meta); {@code expired}, no
     * result, no expiry or one already past closes it with 3005; a failed call gives it another minute.
     */
    static void viaProxy(ClientSession s, ProxyEndpoint ep) {
        if (!s.isConnected()) {
            return;
        }
        ProxyRequest.Refresh call = new ProxyRequest.Refresh(ProxyCalls.caller(s, ep));
        s.ctx.proxies().call(ep, s.callHeaders(), call).whenComplete((reply, e) -> s.execute(() -> {
            if (!s.isConnected()) {
                return;
            }
            long now = s.ctx.clock().millis() / 1000;
            if (e != null) {
                s.refreshCredentials(now + 60, null);
                return;
            }
            ProxyResult.Refresh r = reply.result();
            // An expiry of 0 does not extend the connection, which is then past due.
            if (r == null || r.expired() || r.expireAt() <= now) {
                s.disconnect(Disconnect.EXPIRED);
                return;
            }
            s.refreshCredentials(r.expireAt(), r.info() != null && r.info().length > 0 ? r.info() : null, r.meta());
        }));
    }
}
