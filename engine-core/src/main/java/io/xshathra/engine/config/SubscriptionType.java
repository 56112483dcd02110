package io.xshathra.engine.config;

/**
 * How subscribers of a namespace receive its data ({@code subscription_type}). The wire value is
 * the subscribe request's {@code type} field.
 */
public enum SubscriptionType {
    /** Publications in order, with optional history and recovery (the default). */
    STREAM("stream", 0),
    /** A keyed state: the subscriber first receives the current entries, then changes. */
    MAP("map", 1),
    /** A keyed state whose entries are the channel's connected clients. */
    MAP_CLIENTS("map_clients", 2),
    /** A keyed state whose entries are the channel's connected users. */
    MAP_USERS("map_users", 3),
    /** Keys the server polls from the application's backend and shares between subscribers. */
    SHARED_POLL("shared_poll", 4);

    private final String configName;
    private final int wireType;

    SubscriptionType(String configName, int wireType) {
        this.configName = configName;
        this.wireType = wireType;
    }

    /** The value of {@code subscription_type} in the configuration. */
    public String configName() {
        return configName;
    }

    /** The subscribe request's {@code type} for this kind of subscription. */
    public int wireType() {
        return wireType;
    }

    /** The type named {@code name} in the configuration ({@code ""} is a stream), or null. */
    public static SubscriptionType fromConfig(String name) {
        if (name == null || name.isEmpty()) {
            return STREAM;
        }
        for (SubscriptionType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
