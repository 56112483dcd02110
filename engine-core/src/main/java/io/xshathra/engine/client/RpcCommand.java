package io.xshathra.engine.client;

import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyDirectory;
import io.xshathra.engine.proxy.ProxyRequest;
import java.util.concurrent.CompletionStage;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.proto.RPCRequest;
import io.xshathra.protocol.proto.RPCResult;
import io.xshathra.protocol.proto.Reply;

/**
 * The client {@code rpc} command. The built-in method is the optional ping. Other methods go to
 * the RPC proxy of their RPC namespace ({@code rpc.namespaces}, the part before
 * {@code rpc.namespace_boundary}; {@code rpc.without_namespace} otherwise): a namespace that does
 * not exist is "method not found" (104), one that is not proxied "not available" (108). With no
 * RPC proxy at all, RPC is "not available" (108), or "method not found" (104) when the ping is on.
 */
final class RpcCommand {
    private final SessionContext ctx;

    RpcCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, RPCRequest req) {
        EngineConfig.RpcPing ping = ctx.config().rpcPing();
        if (ping.enabled() && ping.method().equals(req.getMethod())) {
            return ClientSession.done(CommandOutcome.reply(Reply.newBuilder().setRpc(RPCResult.getDefaultInstance())));
        }
        ProxyDirectory proxies = ctx.proxies().directory();
        if (!proxies.rpcProxied(s.projectId())) {
            return ClientSession.done(CommandOutcome.error(ping.enabled() ? ClientError.METHOD_NOT_FOUND
                    : ClientError.NOT_AVAILABLE));
        }
        ProxyDirectory.RpcTarget target = proxies.rpc(s.projectId(), req.getMethod());
        if (target.endpoint() == null) {
            return ClientSession.done(CommandOutcome.error(target.unknownNamespace() ? ClientError.METHOD_NOT_FOUND
                    : ClientError.NOT_AVAILABLE));
        }
        ProxyEndpoint ep = target.endpoint();
        ProxyRequest.Rpc call = new ProxyRequest.Rpc(ProxyCalls.caller(s, ep), req.getMethod(),
                req.getData().isEmpty() ? null : req.getData().toByteArray());
        return ProxyCalls.call(s, ep, call, r -> {
            RPCResult.Builder res = RPCResult.newBuilder();
            if (r != null && r.data() != null) {
                res.setData(com.google.protobuf.ByteString.copyFrom(r.data()));
            }
            return ClientSession.done(CommandOutcome.reply(Reply.newBuilder().setRpc(res)));
        });
    }
}
