package io.xshathra.engine.broker;

/** A map channel already holds the most keys it may; a new key was refused. */
public final class MapLimitException extends RuntimeException {
    public MapLimitException(String message) {
        super(message, null, false, false);
    }
}
