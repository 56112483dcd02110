package io.xshathra.engine.client;

import io.xshathra.engine.config.ChannelOptions;
import io.xshathra.engine.token.SubscribeOptionOverride;

/** Applies the per-subscription option overrides a token or API call may carry. */
final class Overrides {
    private Overrides() {
    }

    static ChannelOptions apply(ChannelOptions o, SubscribeOptionOverride ov) {
        if (ov == null) {
            return o;
        }
        ChannelOptions.Builder b = o.toBuilder();
        if (ov.presence() != null) {
            b.presence = ov.presence();
        }
        if (ov.joinLeave() != null) {
            b.joinLeave = ov.joinLeave();
        }
        if (ov.forcePushJoinLeave() != null) {
            b.forcePushJoinLeave = ov.forcePushJoinLeave();
        }
        if (ov.forceRecovery() != null) {
            b.forceRecovery = ov.forceRecovery();
        }
        if (ov.forcePositioning() != null) {
            b.forcePositioning = ov.forcePositioning();
        }
        return b.build();
    }
}
