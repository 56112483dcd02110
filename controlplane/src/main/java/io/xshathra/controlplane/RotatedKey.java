package io.xshathra.controlplane;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of a server key rotation; the new key is shown once.
 *
 * @param project              the project, with its new key hint
 * @param serverApiKey         the new {@code xs_sk_...} key, secret
 * @param previousKeyExpiresAt until when the replaced key still authenticates; null when it
 *                             stopped working at once (no grace period)
 */
public record RotatedKey(Project project, String serverApiKey, Instant previousKeyExpiresAt) {

    public Optional<Instant> previousKeyValidUntil() {
        return Optional.ofNullable(previousKeyExpiresAt);
    }

    @Override
    public String toString() {
        return "RotatedKey[project=" + project + ", serverApiKey=(hidden), previousKeyExpiresAt="
                + previousKeyExpiresAt + "]";
    }
}
