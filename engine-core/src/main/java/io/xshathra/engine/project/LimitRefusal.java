package io.xshathra.engine.project;

import java.util.Objects;

/**
 * Why a project's connection or publication was refused: which limit, its value, and a sentence
 * naming it that clients and backends are shown.
 *
 * @param limit             the limit that was reached
 * @param value             the limit's value (connections, publications per second or bytes)
 * @param message           the sentence naming the limit, at most 100 bytes (it travels in a
 *                          WebSocket close frame)
 * @param retryAfterSeconds for the publication rate: when to try again (0 otherwise)
 */
public record LimitRefusal(Limit limit, long value, String message, long retryAfterSeconds) {

    public LimitRefusal {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(message, "message");
    }

    /** The limits of a project, each with its name in configuration, CLI and errors. */
    public enum Limit {
        /** Authenticated connections of the project across the cluster. */
        MAX_CONNECTIONS("max_connections"),
        /** Publications into the project's channels per second. */
        MAX_PUBLICATIONS_PER_SECOND("max_publications_per_second"),
        /** Bytes of one publication's data. */
        MAX_MESSAGE_SIZE("max_message_size");

        private final String key;

        Limit(String key) {
            this.key = key;
        }

        /** The limit's name as configuration keys, CLI flags and error codes spell it. */
        public String key() {
            return key;
        }
    }

    /** The refusal of a connection over the project's maximum. */
    public static LimitRefusal connections(long max) {
        return new LimitRefusal(Limit.MAX_CONNECTIONS, max, "project connection limit reached (" + max + ")", 0);
    }

    /** The refusal of a publication over the project's rate; try again after {@code retryAfterSeconds}. */
    public static LimitRefusal rate(long max, long retryAfterSeconds) {
        return new LimitRefusal(Limit.MAX_PUBLICATIONS_PER_SECOND, max,
                "project publication rate limit reached (" + max + " per second)", Math.max(1, retryAfterSeconds));
    }

    /** The refusal of a publication whose data is over the project's maximum size. */
    public static LimitRefusal size(long max, long actual) {
        return new LimitRefusal(Limit.MAX_MESSAGE_SIZE, max,
                "project message size limit exceeded (" + actual + " bytes, limit " + max + ")", 0);
    }
}
