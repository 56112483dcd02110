package io.xshathra.engine.client;

import com.google.protobuf.ByteString;
import io.xshathra.engine.broker.MapKeyMode;
import io.xshathra.engine.broker.MapPublishOptions;
import io.xshathra.engine.channel.ResolvedChannel;
import io.xshathra.engine.config.MapOptions;
import io.xshathra.protocol.proto.ClientInfo;
import java.util.Map;

/**
 * The presence entries a map subscription keeps in other map channels: with
 * {@code map_clients_presence_channel_prefix} an entry keyed by client id (carrying the client's
 * info) in {@code prefix + channel}, with {@code map_users_presence_channel_prefix} one keyed by
 * user id in its channel. Entries are written when the subscription goes live, refreshed by the
 * connection's periodic tick (a write that only extends the key's TTL) and, for clients, removed
 * when it ends; user entries expire by TTL, which spans a user's quick reconnects. With
 * {@code map.remove_client_on_unsubscribe} the client's own key leaves the channel when it
 * unsubscribes.
 */
final class MapPresence {
    private MapPresence() {
    }

    /** Writes (or refreshes) the subscription's presence entries. */
    static void add(SessionContext ctx, ClientSession s, SubscriptionState sub) {
        MapOptions map = sub.map;
        if (map == null) {
            return;
        }
        if (!map.clientsPresencePrefix().isEmpty()) {
            write(ctx, s, map.clientsPresencePrefix() + sub.channel, s.id, s.clientInfo(sub.chanInfo));
        }
        if (!map.usersPresencePrefix().isEmpty() && !s.user().isEmpty()) {
            write(ctx, s, map.usersPresencePrefix() + sub.channel, s.user(), null);
        }
    }

    /** Removes the client's presence entry (and its own key when the namespace asks for that). */
    static void remove(SessionContext ctx, ClientSession s, SubscriptionState sub) {
        MapOptions map = sub.map;
        if (map == null) {
            return;
        }
        if (!map.clientsPresencePrefix().isEmpty()) {
            String channel = map.clientsPresencePrefix() + sub.channel;
            MapOptions target = optionsOf(ctx, s.projectId(), channel);
            if (target != null) {
                ctx.mapBroker().remove(s.key(channel), s.id, null, target);
            }
        }
        if (map.removeClientOnUnsubscribe()) {
            ctx.mapBroker().remove(sub.key, s.id, null, map);
        }
    }

    private static void write(SessionContext ctx, ClientSession s, String channel, String key, ClientInfo info) {
        MapOptions target = optionsOf(ctx, s.projectId(), channel);
        if (target == null) {
            return;
        }
        MapPublishOptions o = new MapPublishOptions(ByteString.EMPTY, Map.of(), info, null, MapKeyMode.IF_NEW,
                true, 0, "", false);
        ctx.mapBroker().publish(s.key(channel), key, o, target);
    }

    /** The map options of the channel's namespace, or null when it is not a map namespace. */
    private static MapOptions optionsOf(SessionContext ctx, String projectId, String channel) {
        ResolvedChannel rc = ctx.channelRules(projectId).resolve(channel);
        return rc == null || !rc.options().map().configured() ? null : rc.options().map();
    }
}
