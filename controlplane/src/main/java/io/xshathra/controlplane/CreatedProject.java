package io.xshathra.controlplane;

/**
 * A new project with its keys. This is the only time the server key exists in clear: show it to
 * the person once and drop it.
 *
 * @param project      the stored project
 * @param serverApiKey {@code xs_sk_...}, secret
 * @param clientApiKey {@code xs_pk_...}, public
 */
public record CreatedProject(Project project, String serverApiKey, String clientApiKey) {

    @Override
    public String toString() {
        return "CreatedProject[project=" + project + ", serverApiKey=(hidden), clientApiKey=" + clientApiKey + "]";
    }
}
