package io.xshathra.engine.client;

import io.xshathra.engine.channel.ChannelSpace;
import io.xshathra.engine.project.TenantEvent;
import io.xshathra.engine.project.TenantEvents;

/**
 * Where sessions produce the {@link TenantEvent}s of their project's channels: occupancy from
 * the hub's first/last local subscriber, members of presence namespaces, and publications
 * clients sent. Default-space channels never produce events; a kind no endpoint of the project
 * wants costs one {@link TenantEvents#wants} lookup. Called on the session's event loop, except
 * {@link #published}, which runs where the publish completed and reads only the session's
 * identity (fixed once connected).
 */
final class TenantHooks {
    private TenantHooks() {
    }

    private static boolean projectKey(String key) {
        return !key.isEmpty() && key.charAt(0) == ChannelSpace.SEPARATOR;
    }

    /** Passes {@code first} (the hub's answer to an add) through, reporting it for project channels. */
    static boolean added(SessionContext ctx, String key, boolean first) {
        if (first && projectKey(key)) {
            ctx.tenants().occupancy().firstLocal(key);
        }
        return first;
    }

    /** Passes {@code last} (the hub's answer to a remove) through, reporting it for project channels. */
    static boolean removed(SessionContext ctx, String key, boolean last) {
        if (last && projectKey(key)) {
            ctx.tenants().occupancy().lastLocal(key);
        }
        return last;
    }

    /**
     * A subscription of a presence namespace is set up (the moment its join goes out): the
     * client is now a member; {@code member_removed} follows when the subscription ends.
     */
    static void memberAdded(SessionContext ctx, ClientSession s, SubscriptionState sub) {
        if (!sub.presence || s.projectId().isEmpty()) {
            return;
        }
        sub.member = true;
        emit(ctx, s, TenantEvent.Kind.MEMBER_ADDED, sub.channel, null);
    }

    /** A subscription ends (unsubscribe, server unsubscribe, disconnect) after it was a member. */
    static void memberRemoved(SessionContext ctx, ClientSession s, SubscriptionState sub) {
        if (sub.member) {
            sub.member = false;
            emit(ctx, s, TenantEvent.Kind.MEMBER_REMOVED, sub.channel, null);
        }
    }

    /** A client's publication was accepted and published, with the data as published. */
    static void published(SessionContext ctx, ClientSession s, String channel, com.google.protobuf.ByteString data) {
        if (!s.projectId().isEmpty()) {
            emit(ctx, s, TenantEvent.Kind.CLIENT_PUBLICATION, channel, data);
        }
    }

    private static void emit(SessionContext ctx, ClientSession s, TenantEvent.Kind kind, String channel,
                             com.google.protobuf.ByteString data) {
        TenantEvents events = ctx.tenants().events();
        if (events.wants(s.projectId(), kind)) {
            events.emit(new TenantEvent(kind, s.projectId(), channel, s.user(), s.id(),
                    data == null ? null : data.toByteArray(), ctx.clock().millis()));
        }
    }
}
