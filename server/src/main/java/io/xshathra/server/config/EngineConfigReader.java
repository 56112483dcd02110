package io.xshathra.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.ClientConfig;
import io.xshathra.engine.config.ClientTuning;
import io.xshathra.engine.config.EngineConfig;
import io.xshathra.engine.config.TokenConfig;
import io.xshathra.engine.token.PemKeys;
import io.xshathra.engine.token.TokenVerifier;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Builds the {@link EngineConfig} from the merged tree, with Centrifugo's defaults (spec 10.2, 13). */
final class EngineConfigReader {

    /** What the loader decided before reading: secrets and origins to use when none are configured. */
    record Fallbacks(String tokenSecret, String apiKey, List<String> allowedOrigins, String nodeName) {
    }

    private EngineConfigReader() {
    }

    static EngineConfig read(ConfigNode root, ChannelConfig channel, Fallbacks fallbacks, List<String> warnings) {
        EngineConfig d = EngineConfig.defaults("", "");
        ConfigNode api = root.child("http_api");
        String errorMode = api.string("error_mode", "");
        if (!errorMode.isEmpty() && !errorMode.equals("transport")) {
            throw api.error("error_mode", "must be \"\" or \"transport\", got \"" + errorMode + "\"");
        }
        ConfigNode ws = root.child("websocket");
        ConfigNode ping = root.child("rpc").child("ping");
        return new EngineConfig(
                client(root.child("client"), fallbacks, channel),
                channel,
                new EngineConfig.RpcPing(ping.bool("enabled", false), ping.string("method", "ping")),
                new EngineConfig.HttpApi(api.string("key", fallbacks.apiKey()), api.bool("insecure", false), errorMode),
                new EngineConfig.WebSocket(
                        ws.nonNegativeInt("message_size_limit", d.websocket().messageSizeLimit()),
                        ws.duration("write_timeout", d.websocket().writeTimeout())),
                root.child("node").string("name", fallbacks.nodeName()),
                root.child("shutdown").duration("timeout", d.shutdownTimeout()),
                ProxyConfigReader.read(root, warnings),
                MapConfigReader.read(root, warnings),
                SharedPollReader.top(root));
    }

    private static ClientConfig client(ConfigNode c, Fallbacks fallbacks, ChannelConfig channel) {
        ClientConfig d = ClientConfig.defaults("");
        TokenConfig token = token(c.child("token"), fallbacks.tokenSecret());
        ConfigNode sub = c.child("subscription_token");
        TokenConfig subToken = sub.bool("enabled", false) ? token(sub, "") : token;
        Duration pingInterval = c.signedDuration("ping_interval", d.pingInterval());
        Duration pongTimeout = c.signedDuration("pong_timeout", d.pongTimeout());
        if (isPositive(pingInterval) && isPositive(pongTimeout) && pingInterval.compareTo(pongTimeout) <= 0) {
            throw c.error("ping_interval", "must be greater than client.pong_timeout");
        }
        List<String> origins = c.strings("allowed_origins");
        return new ClientConfig(token, subToken,
                origins.isEmpty() ? fallbacks.allowedOrigins() : origins,
                c.bool("allow_anonymous_connect_without_token", false),
                c.bool("disallow_anonymous_connection_tokens", false),
                c.bool("insecure", false),
                pingInterval,
                pongTimeout,
                c.duration("expired_close_delay", d.expiredCloseDelay()),
                c.duration("expired_sub_close_delay", d.expiredSubCloseDelay()),
                c.duration("stale_close_delay", d.staleCloseDelay()),
                c.nonNegativeInt("channel_limit", d.channelLimit()),
                c.nonNegativeLong("queue_max_size", d.queueMaxSize()),
                c.duration("presence_update_interval", d.presenceUpdateInterval()),
                c.nonNegativeInt("user_connection_limit", d.userConnectionLimit()),
                c.nonNegativeInt("connection_limit", d.connectionLimit()),
                c.nonNegativeInt("history_max_publication_limit", d.historyMaxPublicationLimit()),
                c.nonNegativeInt("recovery_max_publication_limit", d.recoveryMaxPublicationLimit()),
                c.duration("channel_position_check_delay", d.channelPositionCheckDelay()),
                c.bool("connect_include_server_time", false),
                c.nonNegativeInt("command_queue_limit", d.commandQueueLimit()),
                PersonalChannelReader.read(c, channel),
                c.nonNegativeInt("connection_rate_limit", 0),
                new ClientTuning(c.nonNegativeInt("concurrency", 0),
                        c.duration("channel_position_max_time_lag", Duration.ZERO), writeHoldMax(c)));
    }

    /** {@code client.write_hold_max}: unset or zero is the default, negative never holds. */
    private static Duration writeHoldMax(ConfigNode c) {
        Duration d = c.signedDuration("write_hold_max", ClientTuning.DEFAULT_WRITE_HOLD_MAX);
        if (d.compareTo(ClientTuning.WRITE_HOLD_MAX_LIMIT) > 0) {
            throw c.error("write_hold_max", "must be at most " + ClientTuning.WRITE_HOLD_MAX_LIMIT.toMillis()
                    + "ms, got \"" + c.string("write_hold_max", "") + "\"");
        }
        return d; // ClientTuning turns a negative hold into none
    }

    private static TokenConfig token(ConfigNode t, String secretFallback) {
        return new TokenConfig(
                t.string("hmac_secret_key", secretFallback),
                t.string("hmac_previous_secret_key", ""),
                validUntil(t),
                t.string("audience", ""),
                t.regex("audience_regex"),
                t.string("issuer", ""),
                t.regex("issuer_regex"),
                t.string("user_id_claim", ""),
                publicKey(t, "rsa_public_key", PemKeys::rsa),
                publicKey(t, "ecdsa_public_key", PemKeys::ecdsa),
                publicKey(t, "jwks_public_endpoint", TokenVerifier::jwksUri));
    }

    /** The key's text, checked now so bad key material stops startup with one line naming it. */
    private static String publicKey(ConfigNode t, String key, java.util.function.Function<String, ?> check) {
        String value = t.string(key, "").strip();
        if (!value.isEmpty()) {
            try {
                check.apply(value);
            } catch (IllegalArgumentException e) {
                throw t.error(key, e.getMessage());
            }
        }
        return value;
    }

    /** Unix seconds, as a number or a string of digits, or an RFC 3339 time. */
    private static long validUntil(ConfigNode t) {
        String key = "hmac_previous_secret_key_valid_until";
        if (!t.isSet(key)) {
            return 0;
        }
        JsonNode v = t.raw(key);
        if (v.isIntegralNumber() && v.asLong() > 0) {
            return v.asLong();
        }
        String text = v.asText().strip();
        try {
            return text.matches("\\d+") ? Long.parseLong(text) : Instant.parse(text).getEpochSecond();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw t.error(key, "must be unix seconds or an RFC 3339 time such as \"2030-01-01T00:00:00Z\", got "
                    + KeyChecker.show(v));
        }
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
