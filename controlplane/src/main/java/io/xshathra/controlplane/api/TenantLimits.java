package io.xshathra.controlplane.api;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.web.HttpStatus;
import io.xshathra.engine.project.LimitRefusal;
import io.xshathra.engine.project.ProjectLimits;

/**
 * The project's publication limits on the tenant API: a payload over the project's message size
 * is a 413 {@code message_too_large}, a publish or broadcast over its publication rate a 429
 * {@code publication_rate_limited} with {@code Retry-After}. Each message names the limit and its
 * setting. These count publications, where the API's request rate limit counts requests of any
 * endpoint; both apply.
 */
final class TenantLimits {
    private final ProjectLimits limits;

    TenantLimits(ProjectLimits limits) {
        this.limits = limits;
    }

    /** Admits {@code count} publications of {@code dataBytes} each, or throws the problem to answer with. */
    void admit(Project project, int count, int dataBytes) {
        LimitRefusal r = limits.admitPublications(project.id(), count, dataBytes);
        if (r == null) {
            return;
        }
        if (r.limit() == LimitRefusal.Limit.MAX_MESSAGE_SIZE) {
            throw new ApiProblem.Failure(new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "message_too_large",
                    "data: " + r.message() + "; the project's " + r.limit().key() + " is " + r.value() + " bytes"));
        }
        throw new ApiProblem.Failure(new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "publication_rate_limited",
                r.message() + "; the project's " + r.limit().key() + " is " + r.value() + "; retry in "
                        + r.retryAfterSeconds() + " s", r.retryAfterSeconds()));
    }
}
