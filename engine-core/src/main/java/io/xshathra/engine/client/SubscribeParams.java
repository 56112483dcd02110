package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.tags.TagsFilter;

/**
 * A subscription to set up, after permissions were checked and options negotiated. Built with
 * {@link #builder}: every flag is named where it is set, and unset flags are false.
 */
final class SubscribeParams {
    private final String channel;
    private final ChannelOptions options;
    private final boolean serverSide;
    private final boolean positioned;
    private final boolean recoverable;
    private final boolean pushJoinLeave;
    private final byte[] chanInfo;
    private final byte[] data;
    private final long expireAt;
    private final boolean recover;
    private final long offset;
    private final String epoch;
    private final boolean rejectUnrecovered;
    private final boolean delta;
    private final TagsFilter tagsFilter;

    private SubscribeParams(Builder b) {
        this.channel = b.channel;
        this.options = b.options;
        this.serverSide = b.serverSide;
        this.positioned = b.positioned;
        this.recoverable = b.recoverable;
        this.pushJoinLeave = b.pushJoinLeave;
        this.chanInfo = b.chanInfo;
        this.data = b.data;
        this.expireAt = b.expireAt;
        this.recover = b.recover;
        this.offset = b.offset;
        this.epoch = b.epoch;
        this.rejectUnrecovered = b.rejectUnrecovered;
        this.delta = b.delta;
        this.tagsFilter = b.tagsFilter;
    }

    /**
     * @param channel channel name
     * @param options namespace options with any token/API overrides applied
     */
    static Builder builder(String channel, ChannelOptions options) {
        return new Builder(channel, options);
    }

    String channel() {
        return channel;
    }

    ChannelOptions options() {
        return options;
    }

    /** A server-side subscription (errors become disconnects). */
    boolean serverSide() {
        return serverSide;
    }

    /** Track the stream position. */
    boolean positioned() {
        return positioned;
    }

    /** Allow recovery. */
    boolean recoverable() {
        return recoverable;
    }

    /** Push join/leave events to this subscriber. */
    boolean pushJoinLeave() {
        return pushJoinLeave;
    }

    /** Channel info (raw JSON) or null. */
    byte[] chanInfo() {
        return chanInfo;
    }

    /** Subscription data for the result (raw JSON) or null. */
    byte[] data() {
        return data;
    }

    /** Unix seconds when the subscription expires, 0 = never. */
    long expireAt() {
        return expireAt;
    }

    /** The client asks to recover from {@link #offset()}/{@link #epoch()}. */
    boolean recover() {
        return recover;
    }

    /** Last offset the client saw. */
    long offset() {
        return offset;
    }

    /** Epoch the client saw ("" when not recovering). */
    String epoch() {
        return epoch;
    }

    /** Answer 112 instead of {@code recovered:false}. */
    boolean rejectUnrecovered() {
        return rejectUnrecovered;
    }

    /** Fossil delta negotiated: publications after the first go as patches. */
    boolean delta() {
        return delta;
    }

    /** The subscriber's filter over publication tags, or null: every publication is delivered. */
    TagsFilter tagsFilter() {
        return tagsFilter;
    }

    /** Named settings of a {@link SubscribeParams}; each one defaults to off/empty. */
    static final class Builder {
        private final String channel;
        private final ChannelOptions options;
        private boolean serverSide;
        private boolean positioned;
        private boolean recoverable;
        private boolean pushJoinLeave;
        private byte[] chanInfo;
        private byte[] data;
        private long expireAt;
        private boolean recover;
        private long offset;
        private String epoch = "";
        private boolean rejectUnrecovered;
        private boolean delta;
        private TagsFilter tagsFilter;

        private Builder(String channel, ChannelOptions options) {
            this.channel = channel;
            this.options = options;
        }

        Builder serverSide(boolean v) {
            serverSide = v;
            return this;
        }

        Builder positioned(boolean v) {
            positioned = v;
            return this;
        }

        Builder recoverable(boolean v) {
            recoverable = v;
            return this;
        }

        Builder pushJoinLeave(boolean v) {
            pushJoinLeave = v;
            return this;
        }

        Builder chanInfo(byte[] v) {
            chanInfo = v;
            return this;
        }

        Builder data(byte[] v) {
            data = v;
            return this;
        }

        Builder expireAt(long v) {
            expireAt = v;
            return this;
        }

        /** The client asks to recover from this position. */
        Builder recoverFrom(long fromOffset, String fromEpoch) {
            return recovery(true, fromOffset, fromEpoch);
        }

        /** Whether the client asks to recover, and the position it saw (read only when it asks). */
        Builder recovery(boolean asked, long seenOffset, String seenEpoch) {
            recover = asked;
            offset = seenOffset;
            epoch = seenEpoch;
            return this;
        }

        Builder rejectUnrecovered(boolean v) {
            rejectUnrecovered = v;
            return this;
        }

        Builder delta(boolean v) {
            delta = v;
            return this;
        }

        Builder tagsFilter(TagsFilter v) {
            tagsFilter = v;
            return this;
        }

        SubscribeParams build() {
            return new SubscribeParams(this);
        }
    }
}
