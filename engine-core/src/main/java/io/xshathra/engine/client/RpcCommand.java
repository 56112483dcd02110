package io.xshathra.engine.client;

import io.xshathra.engine.config.EngineConfig;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.proto.RPCRequest;
import io.xshathra.protocol.proto.RPCResult;
import io.xshathra.protocol.proto.Reply;

/**
 * The client {@code rpc} command. The only built-in method is the optional ping; without it
 * RPC is "not available" (108), with it other methods are "method not found" (104).
 */
final class RpcCommand {
    private final SessionContext ctx;

    RpcCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CommandOutcome handle(ClientSession s, RPCRequest req) {
        EngineConfig.RpcPing ping = ctx.config().rpcPing();
        if (!ping.enabled()) {
            return CommandOutcome.error(ClientError.NOT_AVAILABLE);
        }
        if (!ping.method().equals(req.getMethod())) {
            return CommandOutcome.error(ClientError.METHOD_NOT_FOUND);
        }
        return CommandOutcome.reply(Reply.newBuilder().setRpc(RPCResult.getDefaultInstance()));
    }
}
