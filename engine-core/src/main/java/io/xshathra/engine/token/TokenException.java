package io.xshathra.engine.token;

import java.util.Objects;

/**
 * A token was refused. The {@link Reason} decides the protocol outcome (spec §3.5); the message
 * is a short detail for logs and never contains the token, a secret or claim values.
 *
 * <p>Refusals are driven by client input and can be frequent, so no stack trace is captured.
 */
public final class TokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Malformed, badly signed, wrong algorithm, audience or issuer, or claims of the wrong type. */
        INVALID,
        /** {@code exp} has passed, or {@code nbf} has not been reached (Centrifugo reports both as expired). */
        EXPIRED,
        /** The keys to check the token could not be read (JWKS endpoint down): try again later. */
        UNAVAILABLE
    }

    private final Reason reason;

    public TokenException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    static TokenException invalid(String detail) {
        return new TokenException(Reason.INVALID, detail);
    }

    static TokenException unavailable(String detail) {
        return new TokenException(Reason.UNAVAILABLE, detail);
    }

    static TokenException expired(String detail) {
        return new TokenException(Reason.EXPIRED, detail);
    }

    @Override
    public String toString() {
        return "TokenException[" + reason + ": " + getMessage() + "]";
    }
}
