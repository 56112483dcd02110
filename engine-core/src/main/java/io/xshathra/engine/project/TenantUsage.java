package io.xshathra.engine.project;

/**
 * Where the engine reports what each project's channel space uses, for the control plane's usage
 * over time. Both methods take the channel's engine key, so the engine never works out the
 * project itself: a key of the default space is the implementation's to ignore, and with
 * {@link #NONE} nothing at all is done per message. Implementations are thread-safe, never
 * block and keep one small counter set per project (projects are bounded by the control plane).
 */
public interface TenantUsage {

    /** Nothing is counted: the engine's default when there is no control plane. */
    TenantUsage NONE = new TenantUsage() {
        @Override
        public void published(String channelKey) {
        }

        @Override
        public void delivered(String channelKey, int subscribers) {
        }
    };

    /** A publication into the channel was handed to the broker (client publish, API publish or broadcast). */
    void published(String channelKey);

    /**
     * This node wrote a publication of the channel to its local subscribers; called once per
     * publication with their number (which may be 0), never once per subscriber.
     */
    void delivered(String channelKey, int subscribers);
}
