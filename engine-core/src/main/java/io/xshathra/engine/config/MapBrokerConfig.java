package io.xshathra.engine.config;

/** {@code map_broker}: where map subscription state lives. Nothing is configured in {@link #NONE}. */
public record MapBrokerConfig() {
    public static final MapBrokerConfig NONE = new MapBrokerConfig();
}
