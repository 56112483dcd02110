package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.IssuedSession;
import io.xshathra.controlplane.Sessions;
import io.xshathra.controlplane.security.ApiKeys;
import io.xshathra.controlplane.security.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link Sessions} on the control-plane database. */
final class JdbcSessions implements Sessions {

    /** A session's last-seen time is written at most this often. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private record Found(Account account, String tokenHash, long createdAt, long lastSeenAt, long expiresAt) {
    }

    private final Database db;
    private final StorageExecutor executor;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration maxLifetime;

    JdbcSessions(Database db, StorageExecutor executor, Clock clock, Duration idleTimeout, Duration maxLifetime) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxLifetime.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("session idle timeout must be positive and at most the maximum lifetime");
        }
        this.db = db;
        this.executor = executor;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.maxLifetime = maxLifetime;
    }

    @Override
    public CompletionStage<IssuedSession> create(String accountId) {
        return executor.submit("starting a session", () -> {
            String id = Ids.session();
            String token = ApiKeys.newSessionToken();
            long now = clock.millis();
            long expires = now + idleTimeout.toMillis();
            db.write(c -> {
                if (JdbcAccounts.byId(c, accountId).isEmpty()) {
                    throw new ControlPlaneException(NOT_FOUND, "no such account");
                }
                return Database.update(c, "insert into sessions (id, token_hash, account_id, created_at, last_seen_at,"
                        + " expires_at) values (?, ?, ?, ?, ?, ?)", id, ApiKeys.hash(token), accountId, now, now, expires);
            });
            return new IssuedSession(id, token, Instant.ofEpochMilli(expires));
        });
    }

    @Override
    public CompletionStage<Optional<Account>> validate(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String hash = ApiKeys.hash(token);
        return executor.submit("checking a session", () -> {
            Optional<Found> found = db.read(c -> Database.queryOne(c,
                    "select " + JdbcAccounts.COLUMNS + ", s.created_at as s_created, s.last_seen_at, s.expires_at,"
                            + " s.token_hash from sessions s join accounts a on a.id = s.account_id where s.token_hash = ?",
                    rs -> new Found(JdbcAccounts.account(rs), rs.getString("token_hash"), rs.getLong("s_created"),
                            rs.getLong("last_seen_at"), rs.getLong("expires_at")),
                    hash));
            // The lookup is by hash; the constant-time comparison is a second check that does not
            // rely on how the database compares strings.
            if (found.isEmpty() || !ApiKeys.matches(token, found.get().tokenHash())) {
                return Optional.empty();
            }
            Found f = found.get();
            long now = clock.millis();
            if (now >= f.expiresAt()) {
                db.read(c -> Database.update(c, "delete from sessions where token_hash = ?", hash));
                return Optional.empty();
            }
            if (now - f.lastSeenAt() >= TOUCH_INTERVAL.toMillis()) {
                long expires = Math.min(now + idleTimeout.toMillis(), f.createdAt() + maxLifetime.toMillis());
                db.read(c -> Database.update(c, "update sessions set last_seen_at = ?, expires_at = ? where token_hash = ?",
                        now, expires, hash));
            }
            return Optional.of(f.account());
        });
    }

    @Override
    public CompletionStage<Boolean> revoke(String token) {
        if (token == null || token.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        String hash = ApiKeys.hash(token);
        return executor.submit("ending a session",
                () -> db.read(c -> Database.update(c, "delete from sessions where token_hash = ?", hash)) > 0);
    }

    @Override
    public CompletionStage<Integer> revokeAll(String accountId) {
        return executor.submit("ending sessions",
                () -> db.read(c -> Database.update(c, "delete from sessions where account_id = ?", accountId)));
    }

    @Override
    public CompletionStage<Integer> deleteExpired() {
        return executor.submit("deleting expired sessions",
                () -> db.read(c -> Database.update(c, "delete from sessions where expires_at <= ?", clock.millis())));
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public Duration maxLifetime() {
        return maxLifetime;
    }
}
