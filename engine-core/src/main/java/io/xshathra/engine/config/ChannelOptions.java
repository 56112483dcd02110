package io.xshathra.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The options of one namespace (or of channels without a namespace), already validated.
 * Immutable; built with {@link #builder()}. Field meanings follow Centrifugo's channel options.
 */
public record ChannelOptions(
        boolean presence,
        boolean joinLeave,
        boolean forcePushJoinLeave,
        int historySize,
        Duration historyTtl,
        Duration historyMetaTtl,
        boolean forcePositioning,
        boolean allowPositioning,
        boolean forceRecovery,
        boolean allowRecovery,
        RecoveryMode recoveryMode,
        List<String> allowedDeltaTypes,
        boolean deltaPublish,
        Permissions permissions,
        boolean allowUserLimitedChannels,
        Pattern channelRegex,
        DataFormat publicationDataFormat,
        boolean allowTagsFilter,
        SubscriptionType subscriptionType,
        MapOptions map,
        SharedPollOptions sharedPoll,
        ChannelProxies proxies) {

    /** How a subscriber recovers missed publications. */
    public enum RecoveryMode { STREAM, CACHE }

    /** What publish data a namespace accepts. */
    public enum DataFormat {
        /** The default: any non-empty data. */
        DEFAULT,
        /** Valid JSON. */
        JSON,
        /** A JSON object. */
        JSON_OBJECT,
        /** Anything, including empty data. */
        BINARY
    }

    /** The {@code allow_*} permission flags. */
    public record Permissions(
            boolean subscribeForClient, boolean subscribeForAnonymous,
            boolean publishForClient, boolean publishForSubscriber, boolean publishForAnonymous,
            boolean presenceForClient, boolean presenceForSubscriber, boolean presenceForAnonymous,
            boolean historyForClient, boolean historyForSubscriber, boolean historyForAnonymous) {
        public static final Permissions NONE = new Permissions(
                false, false, false, false, false, false, false, false, false, false, false);
    }

    /** Whether this namespace keeps a history stream. */
    public boolean historyEnabled() {
        return historySize > 0 && historyTtl != null && !historyTtl.isZero();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.presence = presence;
        b.joinLeave = joinLeave;
        b.forcePushJoinLeave = forcePushJoinLeave;
        b.historySize = historySize;
        b.historyTtl = historyTtl;
        b.historyMetaTtl = historyMetaTtl;
        b.forcePositioning = forcePositioning;
        b.allowPositioning = allowPositioning;
        b.forceRecovery = forceRecovery;
        b.allowRecovery = allowRecovery;
        b.recoveryMode = recoveryMode;
        b.allowedDeltaTypes = allowedDeltaTypes;
        b.deltaPublish = deltaPublish;
        b.permissions = permissions;
        b.allowUserLimitedChannels = allowUserLimitedChannels;
        b.channelRegex = channelRegex;
        b.publicationDataFormat = publicationDataFormat;
        b.allowTagsFilter = allowTagsFilter;
        b.subscriptionType = subscriptionType;
        b.map = map;
        b.sharedPoll = sharedPoll;
        b.proxies = proxies;
        return b;
    }

    /** Mutable builder; every field starts at Centrifugo's default (false / 0 / empty). */
    public static final class Builder {
        public boolean presence;
        public boolean joinLeave;
        public boolean forcePushJoinLeave;
        public int historySize;
        public Duration historyTtl = Duration.ZERO;
        /** Zero means: use the global {@code channel.history_meta_ttl}. */
        public Duration historyMetaTtl = Duration.ZERO;
        public boolean forcePositioning;
        public boolean allowPositioning;
        public boolean forceRecovery;
        public boolean allowRecovery;
        public RecoveryMode recoveryMode = RecoveryMode.STREAM;
        public List<String> allowedDeltaTypes = List.of();
        public boolean deltaPublish;
        public Permissions permissions = Permissions.NONE;
        public boolean allowUserLimitedChannels;
        public Pattern channelRegex;
        public DataFormat publicationDataFormat = DataFormat.DEFAULT;
        public boolean allowTagsFilter;
        public SubscriptionType subscriptionType = SubscriptionType.STREAM;
        public MapOptions map = MapOptions.NONE;
        public SharedPollOptions sharedPoll = SharedPollOptions.NONE;
        public ChannelProxies proxies = ChannelProxies.NONE;

        public ChannelOptions build() {
            return new ChannelOptions(presence, joinLeave, forcePushJoinLeave, historySize, historyTtl,
                    historyMetaTtl, forcePositioning, allowPositioning, forceRecovery, allowRecovery,
                    recoveryMode, List.copyOf(allowedDeltaTypes), deltaPublish, permissions,
                    allowUserLimitedChannels, channelRegex, publicationDataFormat, allowTagsFilter,
                    subscriptionType, map, sharedPoll, proxies);
        }
    }
}
