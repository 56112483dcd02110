package io.xshathra.server.config;

import io.xshathra.engine.config.ProxyEndpoint;
import io.xshathra.engine.config.SharedPollConfig;
import io.xshathra.engine.config.SharedPollOptions;
import io.xshathra.engine.config.SharedPollOptions.Mode;
import io.xshathra.engine.config.SubscriptionType;
import java.time.Duration;

/**
 * Reads the top-level {@code shared_poll} section and a namespace's {@code shared_poll} options with
 * Centrifugo v6.9.1's startup rules: a shared-poll namespace needs {@code shared_poll.hmac_secret_key},
 * a poll proxy that exists (a name from {@code proxies}, or {@code channel.proxy.shared_poll_refresh}
 * with an endpoint for {@code default}), a known mode, and explicit versions for
 * {@code publish_enabled}. Numeric settings are not validated at startup: zero or less means the
 * default, as in the reference.
 */
final class SharedPollReader {

    private SharedPollReader() {
    }

    /** The top-level {@code shared_poll} section. */
    static SharedPollConfig top(ConfigNode root) {
        ConfigNode sp = root.child("shared_poll");
        if (!sp.isSet("hmac_secret_key") && !sp.isSet("hmac_previous_secret_key")
                && !sp.isSet("hmac_previous_secret_key_valid_until") && !sp.isSet("concurrency_limit")) {
            return SharedPollConfig.NONE;
        }
        return new SharedPollConfig(sp.string("hmac_secret_key", ""), sp.string("hmac_previous_secret_key", ""),
                sp.nonNegativeLong("hmac_previous_secret_key_valid_until", 0), sp.raw("concurrency_limit").asInt(0));
    }

    /** A namespace's options ({@link SharedPollOptions#NONE} unless its type is {@code shared_poll}). */
    static SharedPollOptions options(ConfigNode n, SubscriptionType type, ConfigNode root) {
        if (type != SubscriptionType.SHARED_POLL) {
            return SharedPollOptions.NONE;
        }
        if (root.child("shared_poll").string("hmac_secret_key", "").isEmpty()) {
            throw n.error("subscription_type",
                    "shared_poll.hmac_secret_key is required when subscription_type is \"shared_poll\"");
        }
        ConfigNode sp = n.child("shared_poll");
        String proxyName = proxyName(sp, root);
        String modeName = sp.string("mode", "");
        Mode mode = Mode.fromConfig(modeName);
        if (mode == null) {
            throw sp.error("mode", "invalid shared_poll mode \"" + modeName
                    + "\" (valid: \"versionless\", \"versioned\")");
        }
        boolean publishEnabled = sp.bool("publish_enabled", false);
        if (publishEnabled && mode == Mode.VERSIONLESS) {
            throw sp.error("publish_enabled",
                    "is incompatible with versionless mode (requires explicit versions: set mode \"versioned\")");
        }
        return new SharedPollOptions(mode, proxyName, duration(sp, "refresh_interval"),
                sp.raw("refresh_batch_size").asInt(0), sp.raw("max_keys_per_connection").asInt(0),
                duration(sp, "channel_shutdown_delay"), duration(sp, "track_expired_extra_delay"), publishEnabled);
    }

    private static String proxyName(ConfigNode sp, ConfigNode root) {
        String name = sp.string("proxy_name", "");
        if (name.isEmpty() || ProxyEndpoint.DEFAULT_NAME.equals(name)) {
            ConfigNode def = root.child("channel").child("proxy").child("shared_poll_refresh");
            if (def.string("endpoint", "").isEmpty()) {
                throw def.error("endpoint", "must be set: the namespace " + sp.describe("proxy_name")
                        + " polls through the default shared_poll_refresh proxy");
            }
            return ProxyEndpoint.DEFAULT_NAME;
        }
        ConfigNode proxies = root.child("proxies");
        for (int i = 0; i < proxies.size(); i++) {
            if (name.equals(proxies.element(i).raw("name").asText(""))) {
                return name;
            }
        }
        throw sp.error("proxy_name", "shared poll proxy with name \"" + name + "\" not found in proxies");
    }

    /** Any duration, negative included: the options say what zero or a negative value means. */
    private static Duration duration(ConfigNode sp, String key) {
        return sp.signedDuration(key, Duration.ZERO);
    }
}
