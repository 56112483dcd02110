package io.xshathra.controlplane.api;

import io.xshathra.controlplane.web.HttpStatus;

/**
 * A control-plane API error: an honest HTTP status, a stable snake_case code and a sentence
 * that names the field and the rule. Sent as {@code {"error":{"code":...,"message":...}}}.
 *
 * @param retryAfterSeconds for 429: when to try again (0 otherwise)
 */
public record ApiProblem(HttpStatus status, String code, String message, long retryAfterSeconds) {

    public ApiProblem(HttpStatus status, String code, String message) {
        this(status, code, message, 0);
    }

    static ApiProblem invalidField(String field, String rule) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_field", field + ": " + rule);
    }

    static ApiProblem invalidBody(String why) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid_body", why);
    }

    static ApiProblem unauthorized(String why) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", why);
    }

    static ApiProblem unavailable(String what) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", what);
    }

    /** Raised while reading a request; carries the problem to answer with. */
    static final class Failure extends RuntimeException {
        final transient ApiProblem problem;

        Failure(ApiProblem problem) {
            super(problem.message(), null, false, false);
            this.problem = problem;
        }
    }
}
