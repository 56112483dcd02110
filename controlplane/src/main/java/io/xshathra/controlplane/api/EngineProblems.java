package io.xshathra.controlplane.api;

import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.engine.api.ApiError;
import io.xshathra.engine.api.ApiResult;

/**
 * Turns the engine's answers into the tenant API's errors. Requests are validated before they
 * reach the engine, so most engine errors can only come from a configuration that changed in
 * between or from the engine's storage (Redis) failing; each still gets an honest status.
 */
final class EngineProblems {
    static final HttpStatus CONFLICT = HttpStatus.of(409);

    private EngineProblems() {
    }

    /**
     * The result itself, or the failure to answer for it.
     *
     * @param channel the channel the request named ("" when none)
     * @param feature what the namespace must enable for the request ("history", "presence"), for
     *                the message of a 404
     */
    static ApiResult check(ApiResult r, String channel, String feature) {
        if (r.error() == null) {
            return r;
        }
        throw new ApiProblem.Failure(problem(r.error(), channel, feature));
    }

    static ApiProblem problem(ApiError error, String channel, String feature) {
        String shown = TenantChannels.printable(channel);
        return switch (error) {
            case UNKNOWN_CHANNEL -> TenantChannels.unknownNamespace("channel", channel);
            case BAD_REQUEST -> ApiProblem.invalidField("channel", "\"" + shown + "\" is not accepted by the engine");
            case NOT_AVAILABLE -> new ApiProblem(HttpStatus.NOT_FOUND, "not_available",
                    feature + " is not enabled in the namespace of \"" + shown + "\"");
            case UNRECOVERABLE_POSITION -> new ApiProblem(CONFLICT, "unrecoverable_position",
                    "since: the stream of \"" + shown + "\" has another epoch now; read again without since"
                            + " (or with the current epoch)");
            default -> ApiProblem.unavailable("the engine could not complete the request (" + error.message()
                    + "); try again");
        };
    }
}
