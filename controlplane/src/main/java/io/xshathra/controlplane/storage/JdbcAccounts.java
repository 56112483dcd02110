package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.EMAIL_TAKEN;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;
import static io.xshathra.controlplane.ControlPlaneException.Reason.SIGNUP_CLOSED;
import static io.xshathra.controlplane.ControlPlaneException.Reason.TOO_MANY_ATTEMPTS;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.security.Ids;
import io.xshathra.controlplane.security.LoginThrottle;
import io.xshathra.controlplane.security.PasswordHasher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@link Accounts} on the control-plane database. */
final class JdbcAccounts implements Accounts {

    static final String COLUMNS = "a.id, a.email, a.is_admin, a.created_at";
    private static final String FIRST_ACCOUNT = "first_account";
    private static final String OPEN_SIGNUP = "open_signup";

    private final Database db;
    private final StorageExecutor executor;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;

    JdbcAccounts(Database db, StorageExecutor executor, PasswordHasher hasher, LoginThrottle throttle, Clock clock) {
        this.db = db;
        this.executor = executor;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
    }

    static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("id"), rs.getString("email"), rs.getBoolean("is_admin"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public CompletionStage<Account> createUser(String email, String password) {
        return create(email, password, false);
    }

    @Override
    public CompletionStage<Account> signUp(String email, String password) {
        return create(email, password, true);
    }

    private CompletionStage<Account> create(String rawEmail, String password, boolean publicSignUp) {
        String email;
        try {
            email = InputRules.email(rawEmail);
            InputRules.password(password);
        } catch (ControlPlaneException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return executor.submit("creating an account", () -> {
            String hash = hasher.hash(password); // before taking a connection: it is the slow part
            String id = Ids.account();
            long now = clock.millis();
            try {
                return db.write(c -> insert(c, id, email, hash, now, publicSignUp));
            } catch (SQLException e) {
                if (Database.isUniqueViolation(e)) {
                    throw emailTaken();
                }
                throw e;
            }
        });
    }

    private Account insert(Connection c, String id, String email, String hash, long now, boolean publicSignUp)
            throws SQLException {
        if (Database.queryOne(c, "select 1 from accounts where email = ?", rs -> 1, email).isPresent()) {
            throw emailTaken();
        }
        if (publicSignUp && !openSignup(c)
                && Database.queryOne(c, "select 1 from accounts", rs -> 1).isPresent()) {
            throw new ControlPlaneException(SIGNUP_CLOSED, "sign-up is closed; ask an administrator for an account");
        }
        // Whoever inserts the marker row first is the administrator; a concurrent second insert
        // waits for the first transaction and then inserts nothing.
        boolean first = Database.update(c, "insert into settings (name, value) values (?, ?) on conflict (name) do nothing",
                FIRST_ACCOUNT, id) == 1;
        Database.update(c, "insert into accounts (id, email, password_hash, is_admin, created_at) values (?, ?, ?, ?, ?)",
                id, email, hash, first, now);
        return new Account(id, email, first, Instant.ofEpochMilli(now));
    }

    private static ControlPlaneException emailTaken() {
        return new ControlPlaneException(EMAIL_TAKEN, "an account with this email already exists");
    }

    @Override
    public CompletionStage<Optional<Account>> authenticate(String rawEmail, String password) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(java.util.Locale.ROOT);
        return executor.submit("signing in", () -> {
            Optional<Duration> wait = throttle.retryAfter(email);
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                throw new ControlPlaneException(TOO_MANY_ATTEMPTS,
                        "too many failed sign-ins for this email; try again in " + seconds + " s", wait.get());
            }
            Optional<String[]> row = db.read(c -> Database.queryOne(c,
                    "select a.id, a.password_hash from accounts a where a.email = ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, email));
            // An over-long password cannot be right (none that long is accepted) and is not hashed.
            boolean ok = password != null && password.length() <= 2 * MAX_PASSWORD_LENGTH && (row.isPresent()
                    ? hasher.verify(password, row.get()[1]) : hasher.verifyDecoy(password));
            if (!ok) {
                throttle.failed(email);
                return Optional.empty();
            }
            throttle.succeeded(email);
            return db.read(c -> byId(c, row.get()[0]));
        });
    }

    @Override
    public CompletionStage<Void> changePassword(String accountId, String newPassword) {
        try {
            InputRules.password(newPassword);
        } catch (ControlPlaneException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return executor.submit("changing a password", () -> {
            String hash = hasher.hash(newPassword);
            int n = db.read(c -> Database.update(c, "update accounts set password_hash = ? where id = ?", hash, accountId));
            if (n == 0) {
                throw new ControlPlaneException(NOT_FOUND, "no such account");
            }
            return null;
        });
    }

    @Override
    public CompletionStage<Long> count() {
        return executor.submit("counting accounts",
                () -> db.read(c -> Database.queryOne(c, "select count(*) from accounts", rs -> rs.getLong(1)).orElse(0L)));
    }

    @Override
    public CompletionStage<Optional<Account>> findById(String accountId) {
        return executor.submit("reading an account", () -> db.read(c -> byId(c, accountId)));
    }

    static Optional<Account> byId(Connection c, String accountId) throws SQLException {
        return Database.queryOne(c, "select " + COLUMNS + " from accounts a where a.id = ?", JdbcAccounts::account, accountId);
    }

    @Override
    public CompletionStage<Optional<Account>> findByEmail(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
        return executor.submit("reading an account", () -> db.read(c -> Database.queryOne(c,
                "select " + COLUMNS + " from accounts a where a.email = ?", JdbcAccounts::account, e)));
    }

    @Override
    public CompletionStage<List<Account>> list() {
        return executor.submit("listing accounts", () -> db.read(c -> Database.query(c,
                "select " + COLUMNS + " from accounts a order by a.created_at, a.id", JdbcAccounts::account)));
    }

    @Override
    public CompletionStage<Boolean> isOpenSignup() {
        return executor.submit("reading a setting", () -> db.read(JdbcAccounts::openSignup));
    }

    private static boolean openSignup(Connection c) throws SQLException {
        return Database.queryOne(c, "select value from settings where name = ?", rs -> rs.getString(1), OPEN_SIGNUP)
                .map(Boolean::parseBoolean).orElse(false);
    }

    @Override
    public CompletionStage<Void> setOpenSignup(boolean open) {
        return executor.submit("changing a setting", () -> db.write(c -> {
            Database.update(c, "insert into settings (name, value) values (?, ?)"
                    + " on conflict (name) do update set value = excluded.value", OPEN_SIGNUP, String.valueOf(open));
            return null;
        }));
    }
}
