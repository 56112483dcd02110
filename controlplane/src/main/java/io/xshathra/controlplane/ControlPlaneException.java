package io.xshathra.controlplane;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the control plane refuses: bad input, a conflict, an unknown id, too many attempts.
 * Service stages fail with it; its {@link Reason#code()} is the snake_case code of the JSON error
 * body and {@link Reason#status()} the HTTP status to answer with. The message is a sentence fit
 * to show to the person who made the request; it never contains a secret.
 */
public final class ControlPlaneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request was refused. */
    public enum Reason {
        INVALID_EMAIL("invalid_email", 400),
        WEAK_PASSWORD("weak_password", 400),
        EMAIL_TAKEN("email_taken", 409),
        SIGNUP_CLOSED("signup_closed", 403),
        TOO_MANY_ATTEMPTS("too_many_attempts", 429),
        /** The password-hashing pool is full; retry after {@link #retryAfter()}. */
        BUSY("busy", 503),
        /** The first-run setup token is missing, wrong, or the deployment is already set up. */
        SETUP_REFUSED("setup_refused", 403),
        INVALID_NAME("invalid_name", 400),
        NAME_TAKEN("name_taken", 409),
        INVALID_ARGUMENT("invalid_argument", 400),
        NOT_FOUND("not_found", 404),
        /** The change would break a rule of the current state (a project's last owner, an existing member). */
        CONFLICT("conflict", 409);

        private final String code;
        private final int status;

        Reason(String code, int status) {
            this.code = code;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final transient Duration retryAfter;

    public ControlPlaneException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ControlPlaneException(Reason reason, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#TOO_MANY_ATTEMPTS} and {@link Reason#BUSY}: how long to wait (the {@code Retry-After} header). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
