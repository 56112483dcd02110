package io.xshathra.controlplane;

import java.time.Instant;

/**
 * A new console session. The token goes into the session cookie and is stored only as its hash.
 *
 * @param id        {@code sess_} + ULID, safe to show and log
 * @param token     the secret cookie value (32 random bytes, base64url)
 * @param expiresAt when the session ends unless it is used again
 */
public record IssuedSession(String id, String token, Instant expiresAt) {

    @Override
    public String toString() {
        return "IssuedSession[id=" + id + ", token=(hidden), expiresAt=" + expiresAt + "]";
    }
}
