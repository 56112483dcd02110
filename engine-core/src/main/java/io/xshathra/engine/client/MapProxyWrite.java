package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.MapKeyMode;
import io.xshathra.engine.broker.MapPublishOptions;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.proxy.ProxyRequest;
import io.xshathra.engine.proxy.ProxyResult;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.PublishResult;
import io.xshathra.protocol.proto.Reply;
import java.util.concurrent.CompletionStage;

/**
 * A client write into a map namespace whose writes go through a backend
 * ({@code map.publish_proxy_enabled} / {@code map.remove_proxy_enabled}): the backend decides in
 * place of the namespace's {@code map.allow_*} permissions. It receives the channel, the client's
 * key and data; an error or disconnect in its reply ends the command as with every proxy, a
 * {@code result} is applied: its {@code key} replaces the client's, its {@code data} the client's,
 * and it may set {@code tags}, {@code key_mode}, {@code idempotency_key}, {@code delta},
 * {@code version} and {@code version_epoch} (a removal: {@code key}, {@code tags} for the removal in
 * place of the entry's, and {@code idempotency_key}).
 * A write that ends without a key is 107. Without a proxy for the session's space (a project's
 * connection) the write is refused with 108, as the reference does when the proxy is not set up.
 *
 * <p>Deliberate difference: the reference applies a proxied write but then answers the client
 * 107 (its handler returns the write's result without the key the library expects); this server
 * answers an applied write with success.
 */
final class MapProxyWrite {
    private final SessionContext ctx;

    MapProxyWrite(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the namespace sends this kind of write (a publish, or a removal) to a backend. */
    static boolean proxied(ChannelOptions o, boolean remove) {
        return (remove ? o.proxies().mapRemove() : o.proxies().mapPublish()) != null;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, PublishRequest req, ChannelOptions o) {
        boolean remove = req.getRemoved();
        ProxyEndpoint ep = remove ? ctx.proxies().directory().mapRemove(s.projectId(), o)
                : ctx.proxies().directory().mapPublish(s.projectId(), o);
        if (ep == null) {
            return ClientSession.done(CommandOutcome.error(ClientError.NOT_AVAILABLE));
        }
        ProxyRequest.Caller caller = ProxyCalls.caller(s, ep);
        if (remove) {
            return ProxyCalls.call(s, ep, new ProxyRequest.MapRemove(caller, req.getChannel(), req.getKey()),
                    r -> s.isConnected() ? remove(s, req, o.map(), r) : ClientSession.done(CommandOutcome.none()));
        }
        byte[] data = req.getData().isEmpty() ? null : req.getData().toByteArray();
        return ProxyCalls.call(s, ep, new ProxyRequest.MapPublish(caller, req.getChannel(), req.getKey(), data),
                r -> s.isConnected() ? publish(s, req, o.map(), r) : ClientSession.done(CommandOutcome.none()));
    }

    private CompletionStage<CommandOutcome> publish(ClientSession s, PublishRequest req, MapOptions map,
                                                    ProxyResult.MapPublish r) {
        String key = r != null && !r.key().isEmpty() ? r.key() : req.getKey();
        if (key.isEmpty()) {
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        SubscriptionState sub = s.subscription(req.getChannel());
        ByteString data = r != null && r.data() != null ? ByteString.copyFrom(r.data()) : req.getData();
        MapPublishOptions opts = r == null
                ? MapPublishOptions.of(data, s.clientInfo(sub == null ? null : sub.chanInfo), false)
                : new MapPublishOptions(data, r.tags(), s.clientInfo(sub == null ? null : sub.chanInfo),
                        r.idempotencyKey().isEmpty() ? null : r.idempotencyKey(), keyMode(r.keyMode()), false,
                        r.version(), r.versionEpoch(), r.delta());
        return done(ctx.mapBroker().publish(s.key(req.getChannel()), key, opts, map));
    }

    private CompletionStage<CommandOutcome> remove(ClientSession s, PublishRequest req, MapOptions map,
                                                   ProxyResult.MapRemove r) {
        String key = r != null && !r.key().isEmpty() ? r.key() : req.getKey();
        if (key.isEmpty()) {
            return ClientSession.done(CommandOutcome.error(ClientError.BAD_REQUEST));
        }
        String idempotencyKey = r == null || r.idempotencyKey().isEmpty() ? null : r.idempotencyKey();
        // The backend's tags, when it sends any, replace the removed entry's on the removal.
        java.util.Map<String, String> tags = r == null || r.tags().isEmpty() ? null : r.tags();
        return done(ctx.mapBroker().remove(s.key(req.getChannel()), key, idempotencyKey, tags, map));
    }

    /** The backend's key mode; anything but the two conditional modes replaces, as in the reference's brokers. */
    private static MapKeyMode keyMode(String mode) {
        return switch (mode) {
            case "if_new" -> MapKeyMode.IF_NEW;
            case "if_exists" -> MapKeyMode.IF_EXISTS;
            default -> MapKeyMode.REPLACE;
        };
    }

    private static CompletionStage<CommandOutcome> done(CompletionStage<MapUpdateResult> write) {
        return write.handle((res, e) -> e != null ? CommandOutcome.error(ClientError.INTERNAL)
                : CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance())));
    }
}
