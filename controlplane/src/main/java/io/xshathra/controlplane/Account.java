package io.xshathra.controlplane;

import java.time.Instant;

/**
 * A person who signs in to the console. The password hash never leaves the storage layer.
 *
 * @param id        {@code acct_} + ULID
 * @param email     normalised: trimmed and lower-case
 * @param admin     administrators manage the deployment; the first account is one
 * @param createdAt creation time
 */
public record Account(String id, String email, boolean admin, Instant createdAt) {
}
