package io.xshathra.controlplane.storage;

import io.xshathra.controlplane.Project;
import io.xshathra.controlplane.ProjectDirectory;
import io.xshathra.controlplane.StorageException;
import io.xshathra.controlplane.security.ApiKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ProjectDirectory} of request paths: server-key, client-key and project checks that
 * never wait behind sign-ins, sign-ups or any other control-plane work.
 *
 * <ul>
 *   <li>Answers come first from a {@link KeyCache} of keys the database confirmed (held by their
 *       SHA-256, bounded, least recently used forgotten) and of keys it did not know (briefly).
 *       A hit completes at once on the caller's thread.</li>
 *   <li>A miss is read on this directory's own executor ({@code xshathra-keys-N}, a few threads,
 *       a bounded queue: when full the stage fails at once with an overloaded
 *       {@link StorageException}) and its own connection pool. Concurrent misses of one key
 *       share one read.</li>
 *   <li>Invalidation: a change made through this process drops the project's entries when it
 *       commits ({@link #invalidate}). Changes made by other processes (other nodes, the CLI)
 *       are read from the database's change feed ({@link KeyChanges}) every
 *       {@link Settings#pollInterval()}. When the feed could not be read for longer than
 *       {@link Settings#staleLimit()}, the positive entries are not used (every check reads the
 *       database) until it can, so a revoked key never works longer than that anywhere.</li>
 * </ul>
 *
 * Stages complete on the caller's thread (hits) or on a key thread.
 */
final class KeyDirectory implements ProjectDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);
    private static final String SERVER = "s:";
    private static final String CLIENT = "c:";
    private static final String PROJECT = "p:";

    /**
     * Tunables of the key path; {@link #defaults()} suits most deployments.
     *
     * @param threads        key-lookup threads, also the size of their PostgreSQL pool (default 2)
     * @param queueCapacity  misses allowed to wait before new ones are refused (default 256)
     * @param cacheEntries   confirmed keys and projects remembered (default 10,000)
     * @param unknownEntries unknown keys remembered (default 4,096)
     * @param unknownTtl     how long an unknown key is remembered (default 10 s)
     * @param pollInterval   how often the database's change feed is read (default 1 s)
     * @param staleLimit     how old the last successful read of the feed may be for the cache to
     *                       be used (default 5 s)
     * @param maxAge         a confirmed entry is read again after this long (default 5 minutes)
     */
    record Settings(int threads, int queueCapacity, int cacheEntries, int unknownEntries, Duration unknownTtl,
                    Duration pollInterval, Duration staleLimit, Duration maxAge) {

        Settings {
            if (threads < 1 || queueCapacity < 1 || cacheEntries < 1 || unknownEntries < 1) {
                throw new IllegalArgumentException("threads, queue and cache sizes must be positive");
            }
            Objects.requireNonNull(unknownTtl, "unknownTtl");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(staleLimit, "staleLimit");
            Objects.requireNonNull(maxAge, "maxAge");
        }

        static Settings defaults() {
            return new Settings(2, 256, 10_000, 4096, Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ofSeconds(5), Duration.ofMinutes(5));
        }

        Settings withCacheEntries(int n) {
            return new Settings(threads, queueCapacity, n, unknownEntries, unknownTtl, pollInterval, staleLimit, maxAge);
        }

        Settings withExecutor(int n, int queue) {
            return new Settings(n, queue, cacheEntries, unknownEntries, unknownTtl, pollInterval, staleLimit, maxAge);
        }
    }

    @FunctionalInterface
    private interface Reader {
        KeyCache.Entry read(Connection c) throws SQLException;
    }

    private final Database db;
    private final StorageExecutor executor;
    private final Settings settings;
    private final Clock clock;
    private final LongSupplier nanos;
    private final KeyCache cache;
    private final ScheduledExecutorService poller;
    /** One read per key at a time; an entry lives only while its task is queued or running. */
    private final Map<String, CompletableFuture<Optional<Project>>> inFlight = new ConcurrentHashMap<>();
    private final List<Consumer<String>> changed = new CopyOnWriteArrayList<>();
    private final List<Runnable> changedAll = new CopyOnWriteArrayList<>();
    private volatile long lastVersion;
    private volatile long syncedAt;
    private volatile boolean feedFailing;

    /** Takes ownership of {@code db}, a connection pool of its own: closing this closes it. */
    KeyDirectory(Database db, Settings settings, Clock clock, LongSupplier nanos) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
        this.nanos = nanos;
        this.executor = new StorageExecutor("xshathra-keys", settings.threads(), settings.queueCapacity());
        this.cache = new KeyCache(settings.cacheEntries(), settings.unknownEntries());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xshathra-key-changes");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the feed's position and starts following it. Blocks; call it when opening the store. */
    void start() {
        try {
            lastVersion = db.read(KeyChanges::version);
        } catch (SQLException e) {
            throw new StorageException("cannot read the key change feed: " + e.getMessage(), e);
        }
        syncedAt = nanos.getAsLong();
        long every = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Optional<Project>> authenticateServerKey(String serverApiKey) {
        if (!ApiKeys.looksLikeServerKey(serverApiKey)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String hash = ApiKeys.hash(serverApiKey);
        Optional<Project> hit = answer(SERVER + hash, serverApiKey);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        return load(SERVER + hash, "checking a server key", true, c -> readServerKey(c, serverApiKey, hash));
    }

    @Override
    public Optional<Project> cachedServerKey(String serverApiKey) {
        if (!ApiKeys.looksLikeServerKey(serverApiKey)) {
            return Optional.empty();
        }
        Optional<Project> hit = answer(SERVER + ApiKeys.hash(serverApiKey), serverApiKey);
        return hit == null ? Optional.empty() : hit;
    }

    @Override
    public CompletionStage<Optional<Project>> findByClientKey(String clientApiKey) {
        if (!ApiKeys.looksLikeClientKey(clientApiKey)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String id = CLIENT + ApiKeys.hash(clientApiKey);
        Optional<Project> hit = answer(id, null);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        return load(id, "checking a client key", true, c -> readClientKey(c, clientApiKey));
    }

    /** The project whose current client key, or previous one still in its grace period, this is. */
    private KeyCache.Entry readClientKey(Connection c, String key) throws SQLException {
        long now = clock.millis();
        for (JdbcProjects.KeyRow r : JdbcProjects.clientKeyRows(c, key)) {
            if (key.equals(r.project().clientApiKey())) {
                return confirmed(r.project());
            }
            if (key.equals(r.previousHash()) && now < r.previousExpiresAt()) {
                return new KeyCache.Entry(r.project(), r.previousExpiresAt(), nanos.getAsLong());
            }
        }
        return null;
    }

    @Override
    public CompletionStage<Optional<Project>> find(String projectId) {
        if (projectId == null || projectId.isEmpty() || projectId.length() > 64) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String id = PROJECT + projectId;
        Optional<Project> hit = answer(id, null);
        if (hit != null) {
            return CompletableFuture.completedFuture(hit);
        }
        // A missing project is not remembered: its id could be created later.
        return load(id, "reading a project", false, c -> Database.queryOne(c,
                "select " + JdbcProjects.COLUMNS + " from projects p where p.id = ?",
                JdbcProjects::project, projectId).map(this::confirmed).orElse(null));
    }

    @Override
    public CompletionStage<Void> ping() {
        return executor.submit("checking the database", () -> db.read(c -> {
            Database.queryOne(c, "select 1", rs -> rs.getInt(1));
            return null;
        }));
    }

    /**
     * The remembered answer: a project, empty for a key known to be unknown or expired, or null
     * when the database must be asked. {@code key} is compared in constant time with the entry's
     * hash when given.
     */
    private Optional<Project> answer(String id, String key) {
        long now = nanos.getAsLong();
        if (cache.knownUnknown(id, now)) {
            return Optional.empty();
        }
        if (now - syncedAt > settings.staleLimit().toNanos()) {
            return null;
        }
        KeyCache.Entry e = cache.get(id);
        if (e == null) {
            return null;
        }
        if (now - e.loadedAt() > settings.maxAge().toNanos()) {
            cache.forget(id);
            return null;
        }
        if (e.validUntil() <= clock.millis()) {
            // A previous key whose grace period is over never works again.
            cache.forget(id);
            return Optional.empty();
        }
        if (key != null && !ApiKeys.matches(key, id.substring(SERVER.length()))) {
            return null;
        }
        return Optional.of(e.project());
    }

    private CompletionStage<Optional<Project>> load(String id, String what, boolean rememberUnknown, Reader reader) {
        CompletableFuture<Optional<Project>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Project>> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            return running.copy();
        }
        long generation = cache.generation();
        executor.submit(what, () -> db.read(reader::read)).whenComplete((entry, failure) -> {
            inFlight.remove(id, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else if (entry == null) {
                if (rememberUnknown) {
                    cache.putUnknown(id, nanos.getAsLong() + settings.unknownTtl().toNanos());
                }
                mine.complete(Optional.empty());
            } else {
                cache.put(id, entry, generation);
                mine.complete(Optional.of(entry.project()));
            }
        });
        return mine.copy();
    }

    private KeyCache.Entry confirmed(Project p) {
        return new KeyCache.Entry(p, Long.MAX_VALUE, nanos.getAsLong());
    }

    /** The project whose current key, or previous key still in its grace period, this is. */
    private KeyCache.Entry readServerKey(Connection c, String key, String hash) throws SQLException {
        List<JdbcProjects.KeyRow> rows = JdbcProjects.keyRows(c, hash);
        long now = clock.millis();
        for (JdbcProjects.KeyRow r : rows) {
            // The lookup is by hash; the decision is a constant-time comparison of the hashes.
            if (ApiKeys.matches(key, r.currentHash())) {
                return confirmed(r.project());
            }
            if (ApiKeys.matches(key, r.previousHash()) && now < r.previousExpiresAt()) {
                return new KeyCache.Entry(r.project(), r.previousExpiresAt(), nanos.getAsLong());
            }
        }
        return null;
    }

    /**
     * Runs a read on this directory's lookup threads and connections, so request paths that need
     * more than keys (a project's backend endpoints) never wait behind other control-plane work.
     */
    <T> CompletionStage<T> lookup(String what, Database.Work<T> work) {
        return executor.submit(what, () -> db.read(work));
    }

    /**
     * Whether the change feed was read recently enough for remembered answers to be used (see
     * {@link Settings#staleLimit()}).
     */
    boolean feedFresh() {
        return nanos.getAsLong() - syncedAt <= settings.staleLimit().toNanos();
    }

    /** The current time on this directory's monotonic clock, in nanoseconds. */
    long nanoTime() {
        return nanos.getAsLong();
    }

    /** How long a remembered entry may be used before it is read again. */
    Duration maxAge() {
        return settings.maxAge();
    }

    /**
     * Forgets the project's entries at once and tells the {@link #onChanged} listeners; called
     * after a change made through this process has committed.
     */
    void invalidate(String projectId) {
        cache.invalidate(projectId);
        notifyChanged(projectId);
    }

    /** Called with a project id after its keys, name or existence changed, here or elsewhere. */
    void onChanged(Consumer<String> listener) {
        changed.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Called when the feed cannot name what changed (this process fell more than
     * {@link KeyChanges#KEEP} changes behind, or the count went back), after the cache was cleared.
     */
    void onChangedAll(Runnable listener) {
        changedAll.add(Objects.requireNonNull(listener, "listener"));
    }

    private void notifyChangedAll() {
        for (Runnable l : changedAll) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.error("a listener of unnamed project changes failed", e);
            }
        }
    }

    private void notifyChanged(String projectId) {
        for (Consumer<String> l : changed) {
            try {
                l.accept(projectId);
            } catch (RuntimeException e) {
                LOG.error("a project-changed listener failed for {}", projectId, e);
            }
        }
    }

    /** One read of the change feed: drops what changed since the last read. */
    void poll() {
        try {
            long version = db.read(KeyChanges::version);
            long last = lastVersion;
            if (version > last) {
                List<KeyChanges.Change> changes = db.read(c -> KeyChanges.between(c, last, version));
                if (changes.size() == version - last) {
                    changes.forEach(ch -> invalidate(ch.projectId()));
                } else {
                    LOG.info("more than {} key changes since the last look: forgetting every cached key", KeyChanges.KEEP);
                    cache.clear();
                    notifyChangedAll();
                }
            } else if (version < last) {
                LOG.warn("the key change count went back from {} to {} (a restored database?): forgetting every cached key",
                        last, version);
                cache.clear();
                notifyChangedAll();
            }
            lastVersion = version;
            syncedAt = nanos.getAsLong();
            if (feedFailing) {
                feedFailing = false;
                LOG.info("the key change feed is readable again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!feedFailing) {
                feedFailing = true;
                LOG.warn("cannot read the key change feed ({}); cached keys are not used until it works again",
                        e.getMessage());
            }
        }
    }

    /** The cache, for tests in this package. */
    KeyCache cache() {
        return cache;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        executor.close();
        db.close();
    }
}
