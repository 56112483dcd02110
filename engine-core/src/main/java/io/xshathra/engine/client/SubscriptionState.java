package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.hub.PreparedPush;
import io.xshathra.engine.hub.Subscriber;
import io.xshathra.engine.tags.TagsFilter;
import io.xshathra.protocol.ProtocolType;
import io.xshathra.protocol.proto.Publication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One subscription of one connection, and the hub's subscriber for it: a fan-out reaches the
 * subscription directly, without looking it up by channel name. Touched only on the
 * connection's event loop.
 */
final class SubscriptionState implements Subscriber {
    final ClientSession session;
    final String channel;
    /** The engine key of the channel (the channel in the connection's project space). */
    final String key;
    final ChannelOptions options;
    final boolean serverSide;
    /** Channel info from the subscription token or the API, raw JSON (may be null). */
    byte[] chanInfo;
    final boolean positioned;
    final boolean recoverable;
    final boolean pushJoinLeave;
    final boolean joinLeave;
    final boolean presence;
    String epoch = "";
    long offset;
    /** Unix seconds when the subscription expires; 0 = never. */
    long expireAt;
    /** The server extends this subscription through its namespace's sub_refresh proxy when it expires. */
    boolean serverRefresh;
    /** A sub_refresh proxy call for this subscription is in flight. */
    boolean refreshing;
    long positionCheckedAt;
    /** Fossil delta negotiated for this subscription. */
    final boolean delta;
    /**
     * The client's filter over publication tags, or null. Publications it rejects are not sent
     * (the position still advances), except to a delta subscriber: as in Centrifugo, a delta
     * stream gets every publication so that each patch has its base.
     */
    final TagsFilter tagsFilter;
    /**
     * Offset of the publication the client holds as its delta base (the last one sent to it);
     * 0 = none, so the next publication goes in full. A patch is sent only when it was computed
     * against exactly this publication.
     */
    long deltaBase;
    /**
     * Most publications buffered while a subscribe waits for the stream read; one more means the
     * subscription cannot be set up consistently (as with a gap): the connection closes with 3010.
     */
    static final int MAX_BUFFERED = 10_000;
    /** Publications that arrived while the subscribe was being processed; null when not buffering. */
    List<PreparedPush> buffer;
    /** More than {@link #MAX_BUFFERED} publications arrived while buffering; the rest were dropped. */
    boolean bufferOverflowed;
    /** A map subscription's options (its channel's changes come from the map broker); null for a stream. */
    io.xshathra.engine.config.MapOptions map;
    /** A shared-poll subscription's tracked keys; null for any other subscription. */
    SharedPollSubscription sharedPoll;
    /** The wire type the client subscribed with (map subscriptions: 1, 2 or 3). */
    int type;
    /** False once the subscription is removed; a fan-out already posted then delivers nothing. */
    boolean active = true;
    /** Announced as a member of its presence channel (a {@code member_removed} is owed when it ends). */
    boolean member;

    /** The state of a subscription being set up as {@code p} says, under the engine key {@code key}. */
    SubscriptionState(ClientSession session, String key, SubscribeParams p) {
        this.session = session;
        this.channel = p.channel();
        this.key = key;
        this.options = p.options();
        this.serverSide = p.serverSide();
        this.chanInfo = p.chanInfo();
        this.positioned = p.positioned() || p.recoverable();
        this.recoverable = p.recoverable();
        this.pushJoinLeave = p.pushJoinLeave();
        this.joinLeave = p.options().joinLeave();
        this.presence = p.options().presence();
        this.expireAt = p.expireAt();
        this.delta = p.delta();
        this.tagsFilter = p.tagsFilter();
    }

    @Override
    public Executor executor() {
        return session.executor();
    }

    @Override
    public ProtocolType protocol() {
        return session.protocol();
    }

    @Override
    public io.xshathra.protocol.PushFormat pushFormat() {
        return session.pushFormat();
    }

    @Override
    public void deliver(PreparedPush push) {
        session.deliver(this, push);
    }

    /** False when the client's tags filter rejects this publication (always true without a filter). */
    boolean passes(Publication pub) {
        return tagsFilter == null || tagsFilter.matches(pub.getTagsMap());
    }

    void startBuffering() {
        buffer = new ArrayList<>();
    }
}
