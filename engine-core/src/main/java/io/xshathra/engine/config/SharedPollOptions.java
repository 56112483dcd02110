package io.xshathra.engine.config;

/** A namespace's {@code shared_poll} options (shared-poll subscriptions). Nothing is configured in {@link #NONE}. */
public record SharedPollOptions() {
    public static final SharedPollOptions NONE = new SharedPollOptions();
}
