package io.xshathra.controlplane;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of a client key rotation. The new public key is the project's
 * {@link Project#clientApiKey()}; it is not a secret and stays visible in the console.
 *
 * @param project              the project, with its new client key
 * @param previousKeyExpiresAt until when the replaced key still connects; null when it stopped
 *                             working at once (no grace period)
 */
public record RotatedClientKey(Project project, Instant previousKeyExpiresAt) {

    public Optional<Instant> previousKeyValidUntil() {
        return Optional.ofNullable(previousKeyExpiresAt);
    }
}
