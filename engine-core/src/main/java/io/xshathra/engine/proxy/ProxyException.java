package io.xshathra.engine.proxy;

/**
 * A call that produced no usable answer: the backend could not be reached, timed out, answered a
 * status other than 200 (without a configured transform), sent a body over the limit or one that
 * is not a valid reply, or too many calls were in flight. Clients get an internal error (100)
 * for every one of these, as in Centrifugo; the reason is for logs.
 */
public final class ProxyException extends RuntimeException {

    /** Why a call failed. */
    public enum Reason { UNREACHABLE, TIMEOUT, STATUS, TOO_LARGE, MALFORMED, OVERLOADED }

    private final Reason reason;

    public ProxyException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
