package io.xshathra.controlplane.storage;

import static io.xshathra.controlplane.ControlPlaneException.Reason.EMAIL_TAKEN;
import static io.xshathra.controlplane.ControlPlaneException.Reason.NOT_FOUND;
import static io.xshathra.controlplane.ControlPlaneException.Reason.SETUP_REFUSED;
import static io.xshathra.controlplane.ControlPlaneException.Reason.SIGNUP_CLOSED;
import static io.xshathra.controlplane.ControlPlaneException.Reason.TOO_MANY_ATTEMPTS;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.security.Ids;
import io.xshathra.controlplane.security.AccountThrottle;
import io.xshathra.controlplane.security.HashingPool;
import io.xshathra.controlplane.security.PasswordHasher;
import io.xshathra.controlplane.security.SetupTokens;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link Accounts} on the control-plane database. Password hashing runs on the
 * {@link HashingPool}, database work on the storage executor, so neither waits for the other:
 * every flow is "short query, hash, short query". Refusals that need no hash (closed sign-up,
 * an over-long password, a delayed account, a wrong setup token) answer before hashing.
 */
final class JdbcAccounts implements Accounts {

    static final String COLUMNS = "a.id, a.email, a.is_admin, a.created_at";
    private static final String FIRST_ACCOUNT = "first_account";
    private static final String OPEN_SIGNUP = "open_signup";
    private static final String BROWSER_KEY = "browser_key";

    private final Database db;
    private final StorageExecutor executor;
    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final AccountThrottle throttle;
    private final Clock clock;

    JdbcAccounts(Database db, StorageExecutor executor, PasswordHasher hasher, HashingPool hashing,
                 AccountThrottle throttle, Clock clock) {
        this.db = db;
        this.executor = executor;
        this.hasher = hasher;
        this.hashing = hashing;
        this.throttle = throttle;
        this.clock = clock;
    }

    static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getString("id"), rs.getString("email"), rs.getBoolean("is_admin"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public CompletionStage<Account> createUser(String email, String password) {
        return create(email, password, Mode.OPERATOR, null);
    }

    @Override
    public CompletionStage<Account> signUp(String email, String password) {
        return create(email, password, Mode.PUBLIC, null);
    }

    @Override
    public CompletionStage<Account> setUp(String setupToken, String email, String password) {
        if (setupToken == null || setupToken.isEmpty() || setupToken.length() > SetupTokens.MAX_LENGTH) {
            return CompletableFuture.failedFuture(setupRefused());
        }
        return create(email, password, Mode.SETUP, setupToken.strip());
    }

    /** Who creates the account: the operator (CLI), the public sign-up form, or the setup page. */
    private enum Mode { OPERATOR, PUBLIC, SETUP }

    private CompletionStage<Account> create(String rawEmail, String password, Mode mode, String setupToken) {
        String email;
        try {
            email = InputRules.email(rawEmail);
            InputRules.password(password);
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Refusals that need no hash come first, so a flood of them costs no Argon2 time.
        CompletionStage<Void> allowed = mode == Mode.OPERATOR ? CompletableFuture.completedFuture(null)
                : executor.submit("checking sign-up", () -> db.read(c -> {
                    check(c, mode, setupToken);
                    return null;
                }));
        return allowed.thenCompose(x -> hashing.submit(() -> hasher.hash(password)))
                .thenCompose(hash -> executor.submit("creating an account", () -> {
                    String id = Ids.account();
                    long now = clock.millis();
                    try {
                        return db.write(c -> {
                            check(c, mode, setupToken);
                            Account a = insert(c, id, email, hash, now);
                            if (mode == Mode.SETUP && !a.admin()) {
                                throw setupRefused(); // a concurrent setup won; roll this one back
                            }
                            return a;
                        });
                    } catch (SQLException e) {
                        if (Database.isUniqueViolation(e)) {
                            throw emailTaken();
                        }
                        throw e;
                    }
                }));
    }

    /** Public sign-up needs an administrator and open sign-up; setup needs no account and a valid token. */
    private static void check(Connection c, Mode mode, String setupToken) throws SQLException {
        boolean any = Database.queryOne(c, "select 1 from accounts", rs -> 1).isPresent();
        if (mode == Mode.PUBLIC && (!any || !openSignup(c))) {
            throw new ControlPlaneException(SIGNUP_CLOSED, any ? "sign-up is closed; ask an administrator for an account"
                    : "this deployment is not set up yet: its operator creates the first account");
        }
        if (mode == Mode.SETUP && (any || !SetupRows.matches(c, setupToken))) {
            throw setupRefused();
        }
    }

    private static ControlPlaneException setupRefused() {
        return new ControlPlaneException(SETUP_REFUSED,
                "the setup token is not valid, or this deployment already has an administrator");
    }

    private Account insert(Connection c, String id, String email, String hash, long now) throws SQLException {
        if (Database.queryOne(c, "select 1 from accounts where email = ?", rs -> 1, email).isPresent()) {
            throw emailTaken();
        }
        // Whoever inserts the marker row first is the administrator; a concurrent second insert
        // waits for the first transaction and then inserts nothing.
        boolean first = Database.update(c, "insert into settings (name, value) values (?, ?) on conflict (name) do nothing",
                FIRST_ACCOUNT, id) == 1;
        Database.update(c, "insert into accounts (id, email, password_hash, is_admin, created_at) values (?, ?, ?, ?, ?)",
                id, email, hash, first, now);
        if (first) {
            SetupRows.deleteAll(c); // the deployment is set up: no token may create another administrator
        }
        return new Account(id, email, first, Instant.ofEpochMilli(now));
    }

    private static ControlPlaneException emailTaken() {
        return new ControlPlaneException(EMAIL_TAKEN, "an account with this email already exists");
    }

    @Override
    public CompletionStage<Optional<Account>> authenticate(String rawEmail, String password, String recognisedAccountId) {
        String email = rawEmail == null ? "" : rawEmail.strip().toLowerCase(java.util.Locale.ROOT);
        // An over-long password cannot be right (none that long is accepted): refused unhashed.
        if (password == null || password.isEmpty() || password.length() > 2 * MAX_PASSWORD_LENGTH
                || password.codePointCount(0, password.length()) > MAX_PASSWORD_LENGTH) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return executor.submit("signing in", () -> db.read(c -> Database.queryOne(c,
                        "select a.id, a.password_hash from accounts a where a.email = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2)}, email)))
                .thenCompose(row -> {
                    String id = row.map(r -> r[0]).orElse(null);
                    if (id != null && !id.equals(recognisedAccountId)) {
                        Optional<Duration> wait = throttle.retryAfter(id);
                        if (wait.isPresent()) {
                            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                            return CompletableFuture.failedFuture(new ControlPlaneException(TOO_MANY_ATTEMPTS,
                                    "too many failed sign-ins for this account; try again in " + seconds + " s",
                                    wait.get()));
                        }
                    }
                    return hashing.submit(() -> row.isPresent() ? hasher.verify(password, row.get()[1])
                            : hasher.verifyDecoy(password)).thenCompose(ok -> verified(id, ok));
                });
    }

    private CompletionStage<Optional<Account>> verified(String id, boolean ok) {
        if (!ok) {
            if (id != null) {
                throttle.failed(id);
            }
            return CompletableFuture.completedFuture(Optional.empty());
        }
        throttle.succeeded(id);
        return executor.submit("signing in", () -> db.read(c -> byId(c, id)));
    }

    @Override
    public CompletionStage<Void> changePassword(String accountId, String newPassword) {
        try {
            InputRules.password(newPassword);
        } catch (ControlPlaneException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return hashing.submit(() -> hasher.hash(newPassword)).thenCompose(hash -> executor.submit("changing a password", () -> {
            int n = db.read(c -> Database.update(c, "update accounts set password_hash = ? where id = ?", hash, accountId));
            if (n == 0) {
                throw new ControlPlaneException(NOT_FOUND, "no such account");
            }
            return null;
        }));
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

    @Override
    public CompletionStage<Optional<String>> openSetup() {
        return executor.submit("preparing first-run setup", () -> db.write(c -> {
            if (Database.queryOne(c, "select 1 from accounts", rs -> 1).isPresent()) {
                SetupRows.deleteAll(c);
                return Optional.<String>empty();
            }
            String token = SetupTokens.generate();
            SetupRows.add(c, token);
            return Optional.of(token);
        }));
    }

    @Override
    public CompletionStage<byte[]> browserKey() {
        return executor.submit("reading the browser key", () -> db.write(c -> {
            byte[] fresh = new byte[32];
            new java.security.SecureRandom().nextBytes(fresh);
            // Whichever node writes first wins; everyone then reads the same key.
            Database.update(c, "insert into settings (name, value) values (?, ?) on conflict (name) do nothing",
                    BROWSER_KEY, HexFormat.of().formatHex(fresh));
            String hex = Database.queryOne(c, "select value from settings where name = ?", rs -> rs.getString(1),
                    BROWSER_KEY).orElseThrow();
            return HexFormat.of().parseHex(hex);
        }));
    }
}
