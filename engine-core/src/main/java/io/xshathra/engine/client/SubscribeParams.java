package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;

/**
 * A subscription to set up, after permissions were checked and options negotiated.
 *
 * @param channel           channel name
 * @param options           namespace options with any token/API overrides applied
 * @param serverSide        a server-side subscription (errors become disconnects)
 * @param positioned        track the stream position
 * @param recoverable       allow recovery
 * @param pushJoinLeave     push join/leave events to this subscriber
 * @param chanInfo          channel info (raw JSON) or null
 * @param data              subscription data for the result (raw JSON) or null
 * @param expireAt          unix seconds when the subscription expires, 0 = never
 * @param recover           the client asks to recover from {@code offset}/{@code epoch}
 * @param offset            last offset the client saw
 * @param epoch             epoch the client saw
 * @param rejectUnrecovered answer 112 instead of {@code recovered:false}
 * @param delta             fossil delta negotiated: publications after the first go as patches
 */
record SubscribeParams(String channel, ChannelOptions options, boolean serverSide, boolean positioned,
                       boolean recoverable, boolean pushJoinLeave, byte[] chanInfo, byte[] data, long expireAt,
                       boolean recover, long offset, String epoch, boolean rejectUnrecovered,
                       boolean delta) {

    /** Without delta. */
    SubscribeParams(String channel, ChannelOptions options, boolean serverSide, boolean positioned,
                    boolean recoverable, boolean pushJoinLeave, byte[] chanInfo, byte[] data, long expireAt,
                    boolean recover, long offset, String epoch, boolean rejectUnrecovered) {
        this(channel, options, serverSide, positioned, recoverable, pushJoinLeave, chanInfo, data, expireAt, recover,
                offset, epoch, rejectUnrecovered, false);
    }
}
