package io.xshathra.controlplane;

import io.xshathra.engine.client.ProjectAuthority;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the engine's connect-time questions from the project directory, with a short cache
 * so a reconnect storm does not become a storm of database reads. A delete made by this
 * process takes effect at once (the cache entry is dropped); one made elsewhere (another node,
 * the CLI) within {@link #TTL}.
 */
public final class ControlPlaneAuthority implements ProjectAuthority {
    static final Duration TTL = Duration.ofSeconds(10);
    private static final int MAX_ENTRIES = 100_000;

    private final ProjectDirectory directory;
    private final Clock clock;
    private final Map<String, Cached> active = new ConcurrentHashMap<>();
    private final Map<String, Cached> clientKeys = new ConcurrentHashMap<>();

    private record Cached(String projectId, long expiresAt) {
    }

    public ControlPlaneAuthority(ProjectDirectory directory, ProjectEvents events, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        events.onDeleted(id -> {
            active.remove(id);
            clientKeys.values().removeIf(c -> c.projectId.equals(id));
        });
    }

    @Override
    public CompletionStage<Optional<String>> projectOf(String clientApiKey) {
        Cached c = fresh(clientKeys.get(clientApiKey));
        if (c != null) {
            return CompletableFuture.completedFuture(Optional.of(c.projectId));
        }
        return directory.findByClientKey(clientApiKey).thenApply(p -> {
            p.ifPresent(project -> put(clientKeys, clientApiKey, project.id()));
            return p.map(Project::id);
        });
    }

    @Override
    public CompletionStage<Boolean> isActive(String projectId) {
        if (fresh(active.get(projectId)) != null) {
            return CompletableFuture.completedFuture(true);
        }
        return directory.find(projectId).thenApply(p -> {
            p.ifPresent(project -> put(active, projectId, projectId));
            return p.isPresent();
        });
    }

    private Cached fresh(Cached c) {
        return c != null && c.expiresAt > clock.millis() ? c : null;
    }

    private void put(Map<String, Cached> cache, String key, String projectId) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Cached(projectId, clock.millis() + TTL.toMillis()));
    }
}
