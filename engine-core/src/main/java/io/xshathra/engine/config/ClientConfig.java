package io.xshathra.engine.config;

import java.time.Duration;
import java.util.List;

/**
 * Connection-level settings ({@code client.*}).
 *
 * @param token                     connection token verification
 * @param subscriptionToken         subscription token verification (same as {@code token} unless
 *                                  {@code client.subscription_token.enabled})
 * @param allowedOrigins            glob patterns for the {@code Origin} header; empty = no browser origins
 * @param allowAnonymousConnectWithoutToken connect without a token as anonymous user ""
 * @param disallowAnonymousConnectionTokens refuse tokens with an empty user (3507)
 * @param insecure                  development mode: no authentication, everything allowed
 * @param pingInterval              server ping period; zero or negative disables pings
 * @param pongTimeout               time to wait for a pong; zero or negative disables the check
 * @param expiredCloseDelay         grace after connection expiry before 3005
 * @param expiredSubCloseDelay      grace after subscription expiry before 2501 / 3006
 * @param staleCloseDelay           time to authenticate before 3502
 * @param channelLimit              subscriptions per connection
 * @param queueMaxSize              outgoing bytes queued per connection before 3008
 * @param presenceUpdateInterval    presence refresh and expiry/position check tick
 * @param userConnectionLimit       connections per user on this node (0 = off)
 * @param connectionLimit           connections on this node (0 = off)
 * @param historyMaxPublicationLimit cap of a client history request
 * @param recoveryMaxPublicationLimit cap of publications recovered on subscribe
 * @param channelPositionCheckDelay how long a positioned subscriber may go without a position check
 * @param connectIncludeServerTime  put the server time into connect replies
 * @param commandQueueLimit         commands one connection may have waiting behind the one
 *                                  running; reading pauses at a quarter of it, and a frame that
 *                                  would pass it closes the connection with 3008
 * @param personalChannel           {@code client.subscribe_to_user_personal_channel}
 * @param connectionRateLimit       new connections per second this node accepts (a token bucket
 *                                  holding this many, refilled at one per second; 0 = off)
 * @param tuning                    {@code client.concurrency} and
 *                                  {@code client.channel_position_max_time_lag}
 */
public record ClientConfig(
        TokenConfig token,
        TokenConfig subscriptionToken,
        List<String> allowedOrigins,
        boolean allowAnonymousConnectWithoutToken,
        boolean disallowAnonymousConnectionTokens,
        boolean insecure,
        Duration pingInterval,
        Duration pongTimeout,
        Duration expiredCloseDelay,
        Duration expiredSubCloseDelay,
        Duration staleCloseDelay,
        int channelLimit,
        long queueMaxSize,
        Duration presenceUpdateInterval,
        int userConnectionLimit,
        int connectionLimit,
        int historyMaxPublicationLimit,
        int recoveryMaxPublicationLimit,
        Duration channelPositionCheckDelay,
        boolean connectIncludeServerTime,
        int commandQueueLimit,
        PersonalChannel personalChannel,
        int connectionRateLimit,
        ClientTuning tuning) {

    /** Default of {@code client.command_queue_limit}. */
    public static final int DEFAULT_COMMAND_QUEUE_LIMIT = 1024;

    public ClientConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        personalChannel = personalChannel == null ? PersonalChannel.NONE : personalChannel;
        tuning = tuning == null ? ClientTuning.NONE : tuning;
        if (commandQueueLimit < 1) {
            throw new IllegalArgumentException("commandQueueLimit must be at least 1");
        }
    }

    /** The settings without {@link ClientTuning} (both knobs off). */
    public ClientConfig(TokenConfig token, TokenConfig subscriptionToken, List<String> allowedOrigins,
                        boolean allowAnonymousConnectWithoutToken, boolean disallowAnonymousConnectionTokens,
                        boolean insecure, Duration pingInterval, Duration pongTimeout, Duration expiredCloseDelay,
                        Duration expiredSubCloseDelay, Duration staleCloseDelay, int channelLimit, long queueMaxSize,
                        Duration presenceUpdateInterval, int userConnectionLimit, int connectionLimit,
                        int historyMaxPublicationLimit, int recoveryMaxPublicationLimit,
                        Duration channelPositionCheckDelay, boolean connectIncludeServerTime, int commandQueueLimit,
                        PersonalChannel personalChannel, int connectionRateLimit) {
        this(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, personalChannel,
                connectionRateLimit, ClientTuning.NONE);
    }

    /** The settings without a personal channel or a connection rate limit. */
    public ClientConfig(TokenConfig token, TokenConfig subscriptionToken, List<String> allowedOrigins,
                        boolean allowAnonymousConnectWithoutToken, boolean disallowAnonymousConnectionTokens,
                        boolean insecure, Duration pingInterval, Duration pongTimeout, Duration expiredCloseDelay,
                        Duration expiredSubCloseDelay, Duration staleCloseDelay, int channelLimit, long queueMaxSize,
                        Duration presenceUpdateInterval, int userConnectionLimit, int connectionLimit,
                        int historyMaxPublicationLimit, int recoveryMaxPublicationLimit,
                        Duration channelPositionCheckDelay, boolean connectIncludeServerTime, int commandQueueLimit) {
        this(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, PersonalChannel.NONE, 0);
    }

    /** The settings without a command queue limit of their own: the default applies. */
    public ClientConfig(TokenConfig token, TokenConfig subscriptionToken, List<String> allowedOrigins,
                        boolean allowAnonymousConnectWithoutToken, boolean disallowAnonymousConnectionTokens,
                        boolean insecure, Duration pingInterval, Duration pongTimeout, Duration expiredCloseDelay,
                        Duration expiredSubCloseDelay, Duration staleCloseDelay, int channelLimit, long queueMaxSize,
                        Duration presenceUpdateInterval, int userConnectionLimit, int connectionLimit,
                        int historyMaxPublicationLimit, int recoveryMaxPublicationLimit,
                        Duration channelPositionCheckDelay, boolean connectIncludeServerTime) {
        this(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, DEFAULT_COMMAND_QUEUE_LIMIT);
    }

    /** The same settings with another {@code queue_max_size}. */
    public ClientConfig withQueueMaxSize(long bytes) {
        return new ClientConfig(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, bytes, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, personalChannel,
                connectionRateLimit, tuning);
    }

    /** The same settings with another {@code command_queue_limit}. */
    public ClientConfig withCommandQueueLimit(int limit) {
        return new ClientConfig(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, limit, personalChannel, connectionRateLimit, tuning);
    }

    /** The same settings with other node limits ({@code connection_limit}, {@code connection_rate_limit}). */
    public ClientConfig withConnectionLimits(int limit, int ratePerSecond) {
        return new ClientConfig(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, limit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, personalChannel,
                ratePerSecond, tuning);
    }

    /** The same settings with another {@code subscribe_to_user_personal_channel}. */
    public ClientConfig withPersonalChannel(PersonalChannel p) {
        return new ClientConfig(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, p, connectionRateLimit, tuning);
    }

    /** The same settings with other token rules ({@code client.token}, {@code client.subscription_token}). */
    public ClientConfig withTokens(TokenConfig connection, TokenConfig subscription) {
        return new ClientConfig(connection, subscription, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, personalChannel,
                connectionRateLimit, tuning);
    }

    /** The same settings with other {@link ClientTuning}. */
    public ClientConfig withTuning(ClientTuning t) {
        return new ClientConfig(token, subscriptionToken, allowedOrigins, allowAnonymousConnectWithoutToken,
                disallowAnonymousConnectionTokens, insecure, pingInterval, pongTimeout, expiredCloseDelay,
                expiredSubCloseDelay, staleCloseDelay, channelLimit, queueMaxSize, presenceUpdateInterval,
                userConnectionLimit, connectionLimit, historyMaxPublicationLimit, recoveryMaxPublicationLimit,
                channelPositionCheckDelay, connectIncludeServerTime, commandQueueLimit, personalChannel,
                connectionRateLimit, t);
    }

    /** Centrifugo's defaults with the given HMAC secret. */
    public static ClientConfig defaults(String hmacSecret) {
        TokenConfig token = TokenConfig.hmac(hmacSecret);
        return new ClientConfig(token, token, List.of(), false, false, false,
                Duration.ofSeconds(25), Duration.ofSeconds(8), Duration.ofSeconds(25), Duration.ofSeconds(25),
                Duration.ofSeconds(10), 128, 1024 * 1024, Duration.ofSeconds(27), 0, 0, 300, 300,
                Duration.ofSeconds(40), false, DEFAULT_COMMAND_QUEUE_LIMIT, PersonalChannel.NONE, 0);
    }
}
