package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.NamespaceCompiler;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.ProjectEvents;
import io.xshathra.controlplane.Projects;
import io.xshathra.controlplane.Sessions;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.security.AccountThrottle;
import io.xshathra.controlplane.security.HashingPool;
import io.xshathra.controlplane.security.PasswordHasher;
import io.xshathra.controlplane.security.ProxyTargets;
import io.xshathra.controlplane.usage.UsageRows;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's storage, opened once per process: the database (SQLite file or
 * PostgreSQL), its migrations, the storage executor, the password-hashing pool and the services
 * on top. The composition
 * root opens it after the infrastructure and closes it after the servers that use it.
 *
 * <pre>{@code
 * try (ControlPlaneStore store = ControlPlaneStore.open(dataDir, databaseUrl)) {
 *     store.projects().create(ownerId, "staging").toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class ControlPlaneStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneStore.class);

    /**
     * Tunables; {@link #defaults()} suits a small server.
     *
     * @param clock          time for expiries and grace periods (tests inject their own)
     * @param passwords      Argon2id cost of new password hashes
     * @param sessionIdle    a session ends after this long without use (default 7 days)
     * @param sessionMax     and in any case this long after it started (default 30 days)
     * @param threads        storage executor threads, also the PostgreSQL pool size (default 4)
     * @param queueCapacity  storage work allowed to wait before new work is refused (default 1000)
     * @param proxyTargets   which hosts projects' backend endpoints may point at (default public only)
     * @param namespaces     reads projects' namespace options as the configuration's (default
     *                       {@link NamespaceCompiler#NONE}: no defaults, no changes)
     * @param copyNamespaces whether a project created through this store gets its copy of the
     *                       defaults at once (a server); the command line leaves that to the
     *                       server, whose configuration the defaults are
     */
    public record Options(Clock clock, PasswordHasher.Params passwords, Duration sessionIdle, Duration sessionMax,
                          int threads, int queueCapacity, ProxyTargets proxyTargets, NamespaceCompiler namespaces,
                          boolean copyNamespaces) {

        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(passwords, "passwords");
            Objects.requireNonNull(proxyTargets, "proxyTargets");
            Objects.requireNonNull(namespaces, "namespaces");
            if (threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("threads and queueCapacity must be positive");
            }
        }

        public static Options defaults() {
            return new Options(Clock.systemUTC(), PasswordHasher.Params.DEFAULT, Duration.ofDays(7), Duration.ofDays(30),
                    4, 1000, ProxyTargets.publicOnly(), NamespaceCompiler.NONE, true);
        }

        /** The tunables without a namespace reader ({@link NamespaceCompiler#NONE}). */
        public Options(Clock clock, PasswordHasher.Params passwords, Duration sessionIdle, Duration sessionMax,
                       int threads, int queueCapacity, ProxyTargets proxyTargets) {
            this(clock, passwords, sessionIdle, sessionMax, threads, queueCapacity, proxyTargets, NamespaceCompiler.NONE,
                    true);
        }

        public Options withNamespaces(NamespaceCompiler n) {
            return new Options(clock, passwords, sessionIdle, sessionMax, threads, queueCapacity, proxyTargets, n, true);
        }

        /** The reader, with or without copying the defaults into projects created through this store. */
        public Options withNamespaces(NamespaceCompiler n, boolean copyAtCreation) {
            return new Options(clock, passwords, sessionIdle, sessionMax, threads, queueCapacity, proxyTargets, n,
                    copyAtCreation);
        }

        public Options withClock(Clock c) {
            return new Options(c, passwords, sessionIdle, sessionMax, threads, queueCapacity, proxyTargets, namespaces, copyNamespaces);
        }

        public Options withPasswords(PasswordHasher.Params p) {
            return new Options(clock, p, sessionIdle, sessionMax, threads, queueCapacity, proxyTargets, namespaces, copyNamespaces);
        }

        public Options withProxyTargets(ProxyTargets t) {
            return new Options(clock, passwords, sessionIdle, sessionMax, threads, queueCapacity, t, namespaces, copyNamespaces);
        }

        public Options withExecutor(int n, int queue) {
            return new Options(clock, passwords, sessionIdle, sessionMax, n, queue, proxyTargets, namespaces, copyNamespaces);
        }
    }

    private final Database db;
    private final StorageExecutor executor;
    private final HashingPool hashing;
    private final JdbcAccounts accounts;
    private final JdbcSessions sessions;
    private final JdbcProjects projects;
    private final KeyDirectory keys;
    private final JdbcProjectLimits limits;
    private final JdbcUsage usage;
    private final JdbcWebhooks webhooks;

    private ControlPlaneStore(Database db, StorageExecutor executor, HashingPool hashing, Options options,
                              KeyDirectory keys) {
        this.db = db;
        this.executor = executor;
        this.hashing = hashing;
        this.keys = keys;
        this.accounts = new JdbcAccounts(db, executor, new PasswordHasher(options.passwords()), hashing,
                AccountThrottle.standard(options.clock()), options.clock());
        this.sessions = new JdbcSessions(db, executor, options.clock(), options.sessionIdle(), options.sessionMax());
        this.projects = new JdbcProjects(db, executor, options.clock(), keys,
                new JdbcProxySettings(db, executor, options.clock(), keys, options.proxyTargets()),
                new JdbcNamespaceSettings(db, executor, options.clock(), keys, options.namespaces()),
                options.copyNamespaces());
        this.limits = new JdbcProjectLimits(db, executor, options.clock(), keys);
        this.usage = new JdbcUsage(db, executor);
        this.webhooks = new JdbcWebhooks(db, executor, options.clock(), keys, options.proxyTargets());
    }

    /** {@link #open(DatabaseUrl, Options)} for a data folder and an optional PostgreSQL URL, with defaults. */
    public static ControlPlaneStore open(Path dataDir, String databaseUrl) {
        return open(DatabaseUrl.resolve(dataDir, databaseUrl), Options.defaults());
    }

    /**
     * Connects, applies pending migrations and starts the executor. For SQLite the data folder
     * and the database file are created when missing (the file readable by its owner only).
     * Blocks; call it at startup, not on an event loop.
     *
     * @throws StorageException when the database cannot be reached or migrated
     */
    public static ControlPlaneStore open(DatabaseUrl url, Options options) {
        return open(url, options, HashingPool.Size.forThisMachine(), KeyDirectory.Settings.defaults());
    }

    /**
     * {@link #open(DatabaseUrl, Options)} with a password-hashing pool of the given size
     * (default {@link HashingPool.Size#forThisMachine()}).
     */
    public static ControlPlaneStore open(DatabaseUrl url, Options options, HashingPool.Size hashingPool) {
        return open(url, options, hashingPool, KeyDirectory.Settings.defaults());
    }

    /** {@link #open(DatabaseUrl, Options)} with the key path's own tunables (tests). */
    static ControlPlaneStore open(DatabaseUrl url, Options options, KeyDirectory.Settings keySettings) {
        return open(url, options, HashingPool.Size.forThisMachine(), keySettings);
    }

    private static ControlPlaneStore open(DatabaseUrl url, Options options, HashingPool.Size hashingPool,
                                          KeyDirectory.Settings keySettings) {
        if (url.dialect() == DatabaseUrl.Dialect.SQLITE) {
            prepareSqliteFile(Path.of(url.jdbcUrl().substring("jdbc:sqlite:".length())));
        }
        // Migrations get a connection of their own, closed before the services' pools open.
        try (Database migrations = connect(url, 1, "xshathra-db-migrations")) {
            int ran = Migrations.migrate(migrations.dataSource());
            if (ran > 0) {
                LOG.debug("database {}: applied {} migration(s)", url.redacted(), ran);
            }
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("cannot migrate the database " + url.redacted() + ": " + rootMessage(e), e);
        }
        Database db = connect(url, options.threads(), "xshathra-db");
        KeyDirectory keys = openKeys(url, options, keySettings, db);
        return new ControlPlaneStore(db, new StorageExecutor(options.threads(), options.queueCapacity()),
                new HashingPool(hashingPool), options, keys);
    }

    /** Key checks get a connection pool of their own, so they never wait for one held by other work. */
    private static KeyDirectory openKeys(DatabaseUrl url, Options options, KeyDirectory.Settings settings, Database db) {
        KeyDirectory keys = null;
        try {
            keys = new KeyDirectory(connect(url, settings.threads(), "xshathra-db-keys"), settings, options.clock(),
                    System::nanoTime);
            keys.start();
            return keys;
        } catch (RuntimeException e) {
            if (keys != null) {
                keys.close();
            }
            db.close();
            throw e;
        }
    }

    private static Database connect(DatabaseUrl url, int poolSize, String poolName) {
        try {
            return new Database(url, poolSize, poolName);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the database " + url.redacted() + ": " + rootMessage(e), e);
        }
    }

    private static void prepareSqliteFile(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            if (Files.notExists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Password and key hashes live here: owner-only from the start. SQLite gives its
                // -wal and -shm files the same permissions.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the database file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public Accounts accounts() {
        return accounts;
    }

    public Sessions sessions() {
        return sessions;
    }

    public Projects projects() {
        return projects;
    }

    /**
     * The key lookups that request paths need: cached, on threads and connections of their own
     * (see {@link ProjectDirectory}).
     */
    public ProjectDirectory directory() {
        return keys;
    }

    /** Projects' own limits (connections, publication rate, message size). */
    public io.xshathra.controlplane.limits.ProjectLimitStore limits() {
        return limits;
    }

    /** Projects' usage over time, one row per project, node and hour. */
    public UsageRows usage() {
        return usage;
    }

    /** Projects' webhook endpoints, their outbox and delivery log. */
    public io.xshathra.controlplane.webhooks.WebhookStore webhooks() {
        return webhooks;
    }

    /** Project change notifications. */
    public ProjectEvents events() {
        return projects;
    }

    public DatabaseUrl.Dialect dialect() {
        return db.url().dialect();
    }

    /** Where the data is, without any password: for logs and the CLI. */
    public String description() {
        return db.url().redacted();
    }

    /** The password-hashing pool, for tests in this package that fill it. */
    HashingPool hashing() {
        return hashing;
    }

    /** The key path, for tests in this package. */
    KeyDirectory keys() {
        return keys;
    }

    /** The pool, for tests in this package that look at the stored rows. */
    Database database() {
        return db;
    }

    /** Waits for queued work (up to 10 s), then closes the pool. */
    @Override
    public void close() {
        executor.close();
        hashing.close();
        keys.close();
        db.close();
    }
}
