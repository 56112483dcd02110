package io.xshathra.engine.config;

/** A namespace's {@code map} options (map subscriptions). Nothing is configured in {@link #NONE}. */
public record MapOptions() {
    public static final MapOptions NONE = new MapOptions();
}
