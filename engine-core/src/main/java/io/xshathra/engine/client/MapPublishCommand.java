package io.xshathra.engine.client;

import io.xshathra.engine.broker.MapPublishOptions;
import io.xshathra.engine.broker.MapUpdateResult;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.protocol.ClientError;
import io.xshathra.protocol.Disconnect;
import io.xshathra.protocol.proto.PublishRequest;
import io.xshathra.protocol.proto.PublishResult;
import io.xshathra.protocol.proto.Reply;
import java.util.concurrent.CompletionStage;

/**
 * A client write into a map channel: {@code publish} with {@code type} 1 sets {@code key} (or
 * removes it with {@code removed}). Allowed by the namespace's {@code map.allow_publish_*} and
 * {@code map.allow_remove_*} flags (or {@code client.insecure}); {@code map.client_key} replaces
 * the client's key with its client or user id. In a namespace with {@code map.publish_proxy_enabled}
 * (or {@code map.remove_proxy_enabled} for removals) the backend decides instead
 * ({@link MapProxyWrite}).
 */
final class MapPublishCommand {
    private final SessionContext ctx;

    MapPublishCommand(SessionContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<CommandOutcome> handle(ClientSession s, PublishRequest req) {
        if (req.getChannel().isEmpty()) {
            return ClientSession.done(CommandOutcome.disconnect(Disconnect.BAD_REQUEST));
        }
        ChannelCheck check = ChannelCheck.of(ctx, s.projectId(), req.getChannel());
        if (check.error() != null) {
            return error(check.error());
        }
        MapOptions map = check.channel().options().map();
        if (MapProxyWrite.proxied(check.channel().options(), req.getRemoved())) {
            ClientError over = s.readOnly() ? ClientError.PERMISSION_DENIED : PublishCommand.overLimit(ctx, s, req);
            return over != null ? error(over) : new MapProxyWrite(ctx).handle(s, req, check.channel().options());
        }
        SubscriptionState sub = s.subscription(req.getChannel());
        if (!allowed(s, map.access(), req.getRemoved(), sub != null)) {
            return error(ClientError.PERMISSION_DENIED);
        }
        ClientError over = PublishCommand.overLimit(ctx, s, req);
        if (over != null) {
            return error(over);
        }
        String key = switch (map.clientKey()) {
            case CLIENT_ID -> s.id;
            case USER_ID -> s.user();
            case REQUEST -> req.getKey();
        };
        if (map.clientKey() == MapOptions.ClientKey.USER_ID && key.isEmpty()) {
            return error(ClientError.PERMISSION_DENIED);
        }
        if (key.isEmpty()) {
            return error(ClientError.BAD_REQUEST);
        }
        if (!map.configured()) {
            // Not a map namespace: there is no map to write to.
            return error(ClientError.INTERNAL);
        }
        String channel = s.key(req.getChannel());
        CompletionStage<MapUpdateResult> write = req.getRemoved()
                ? ctx.mapBroker().remove(channel, key, null, map)
                : ctx.mapBroker().publish(channel, key,
                        MapPublishOptions.of(req.getData(), s.clientInfo(sub == null ? null : sub.chanInfo),
                                check.channel().options().deltaPublish()), map);
        return write.handle((r, e) -> e != null ? CommandOutcome.error(ClientError.INTERNAL)
                : CommandOutcome.reply(Reply.newBuilder().setPublish(PublishResult.getDefaultInstance())));
    }

    private boolean allowed(ClientSession s, MapOptions.Access a, boolean remove, boolean subscribed) {
        if (s.readOnly()) {
            return false;
        }
        boolean anonymousOk = !s.user().isEmpty() || (remove ? a.removeForAnonymous() : a.publishForAnonymous());
        boolean forClient = remove ? a.removeForClient() : a.publishForClient();
        boolean forSubscriber = remove ? a.removeForSubscriber() : a.publishForSubscriber();
        return ((forClient || (forSubscriber && subscribed)) && anonymousOk) || ctx.config().client().insecure();
    }

    private static CompletionStage<CommandOutcome> error(ClientError e) {
        return ClientSession.done(CommandOutcome.error(e));
    }
}
