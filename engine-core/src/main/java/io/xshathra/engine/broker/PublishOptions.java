package io.xshathra.engine.broker;

import java.time.Duration;

/**
 * How one publication is stored.
 *
 * @param historySize    publications kept in the stream (0 = no history)
 * @param historyTtl     how long the stream's publications live after the last publish
 * @param historyMetaTtl how long the epoch and top offset live after the last use
 * @param idempotencyKey a repeated publish with this key within 5 minutes is suppressed (null = none)
 * @param delta          hand the stream's previous publication to the event handler with this
 *                       one, so delta subscribers can be sent a fossil patch (history only)
 */
public record PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl, String idempotencyKey,
                             boolean delta) {

    public static final PublishOptions NO_HISTORY = new PublishOptions(0, Duration.ZERO, Duration.ZERO, null);

    /** Without delta. */
    public PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl, String idempotencyKey) {
        this(historySize, historyTtl, historyMetaTtl, idempotencyKey, false);
    }

    public boolean withHistory() {
        return historySize > 0 && historyTtl.toMillis() > 0;
    }
}
