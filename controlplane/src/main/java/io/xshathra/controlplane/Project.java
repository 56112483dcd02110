package io.xshathra.controlplane;

import java.time.Instant;

/**
 * A tenant: its own channel space in the engine and one key pair.
 *
 * @param id              {@code proj_} + ULID
 * @param name            display name, unique per owner
 * @param ownerId         the owning account's id
 * @param clientApiKey    the public key ({@code xs_pk_...}), stored in clear
 * @param serverKeyHint   the first characters of the server key ({@code xs_sk_abcd}), for display only
 * @param createdAt       creation time
 */
public record Project(String id, String name, String ownerId, String clientApiKey, String serverKeyHint,
                      Instant createdAt) {
}
