package io.xshathra.engine.broker;

/** A history read named an epoch that is not the stream's current one. */
public final class UnrecoverablePositionException extends RuntimeException {
    public UnrecoverablePositionException(String channel) {
        super("epoch mismatch for channel " + channel, null, false, false);
    }
}
