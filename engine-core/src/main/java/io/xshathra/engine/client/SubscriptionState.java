package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.hub.PreparedPush;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of one connection. Touched only on the connection's event loop.
 */
final class SubscriptionState {
    final String channel;
    /** The engine key of the channel (the channel in the connection's project space). */
    final String key;
    final ChannelOptions options;
    final boolean serverSide;
    /** Channel info from the subscription token or the API, raw JSON (may be null). */
    byte[] chanInfo;
    boolean positioned;
    boolean recoverable;
    boolean pushJoinLeave;
    boolean joinLeave;
    boolean presence;
    String epoch = "";
    long offset;
    /** Unix seconds when the subscription expires; 0 = never. */
    long expireAt;
    long positionCheckedAt;
    /** Fossil delta negotiated for this subscription. */
    boolean delta;
    /**
     * Offset of the publication the client holds as its delta base (the last one sent to it);
     * 0 = none, so the next publication goes in full. A patch is sent only when it was computed
     * against exactly this publication.
     */
    long deltaBase;
    /** Publications that arrived while the subscribe was being processed; null when not buffering. */
    List<PreparedPush> buffer;

    SubscriptionState(String channel, String key, ChannelOptions options, boolean serverSide) {
        this.channel = channel;
        this.key = key;
        this.options = options;
        this.serverSide = serverSide;
    }

    void startBuffering() {
        buffer = new ArrayList<>();
    }
}
