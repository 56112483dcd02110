package io.xshathra.controlplane;

import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.project.ProjectNamespaces;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every project's namespaces, compiled, in memory: the engine's {@link ProjectNamespaces}, looked
 * up once per channel command of a project. Loaded once when the server starts; a change made
 * through this process is taken before its stage completes ({@link NamespaceSettings#onSaved});
 * each project is read again when the change feed reports it ({@link ProjectEvents#onChanged}:
 * at once here, within the feed's bound for a change made by the command line or another node),
 * and dropped when it no longer exists. A project whose list equals the configuration's shares
 * the configuration's compiled rules, so the memory held is that of the projects that changed
 * theirs. Thread-safe.
 */
public final class ProjectNamespaceIndex implements ProjectNamespaces {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectNamespaceIndex.class);

    private final NamespaceSettings settings;
    private final NamespaceCompiler compiler;
    private final ChannelRules defaults;
    private final Map<String, String> defaultOptions;
    private final Map<String, ChannelRules> byProject = new ConcurrentHashMap<>();
    /** Reloads under way per project: only the latest one's answer is applied. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    private ProjectNamespaceIndex(NamespaceSettings settings, NamespaceCompiler compiler, ChannelRules defaults) {
        this.settings = settings;
        this.compiler = compiler;
        this.defaults = defaults;
        this.defaultOptions = Map.copyOf(compiler.defaults());
    }

    /**
     * Gives projects without a list of their own the defaults, reads every project's namespaces
     * (blocking, at startup) and follows the changes.
     *
     * @param defaults the configuration's rules (the default space's), shared by projects whose
     *                 list equals the configuration's
     * @throws StorageException when the database cannot be read
     */
    public static ProjectNamespaceIndex start(NamespaceSettings settings, ProjectEvents events,
                                              NamespaceCompiler compiler, ChannelRules defaults) {
        ProjectNamespaceIndex index = new ProjectNamespaceIndex(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(compiler, "compiler"), Objects.requireNonNull(defaults, "defaults"));
        events.onChanged(index::reload);
        settings.onSaved(index::apply);
        try {
            int adopted = settings.adoptDefaults().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (adopted > 0) {
                LOG.info("{} project(s) got a copy of channel.namespaces as their own namespaces", adopted);
            }
            for (NamespaceSet s : settings.all().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
                index.apply(s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while reading project namespaces", e);
        } catch (Exception e) {
            throw new StorageException("cannot read project namespaces: " + e.getMessage(), e);
        }
        return index;
    }

    @Override
    public ChannelRules rules(String projectId) {
        return byProject.get(projectId);
    }

    /** How many projects have namespaces other than the configuration's. */
    public int customised() {
        return (int) byProject.values().stream().filter(r -> r != defaults).count();
    }

    /** Takes a project's namespaces as they now are. */
    private void apply(NamespaceSet s) {
        if (!s.own()) {
            byProject.remove(s.projectId());
        } else if (s.namespaces().equals(defaultOptions)) {
            byProject.put(s.projectId(), defaults);
        } else {
            byProject.put(s.projectId(), compile(s));
        }
    }

    /**
     * Stored options were checked when they were saved; should the configuration have changed
     * since so that one no longer compiles (a global setting it depended on), that namespace is
     * left out, with a warning, rather than the whole project.
     */
    private ChannelRules compile(NamespaceSet s) {
        try {
            return compiler.compile(s.namespaces());
        } catch (ControlPlaneException whole) {
            Map<String, String> kept = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : s.namespaces().entrySet()) {
                try {
                    compiler.compile(Map.of(e.getKey(), e.getValue()));
                    kept.put(e.getKey(), e.getValue());
                } catch (ControlPlaneException one) {
                    LOG.warn("project {}: namespace {} is left out: {}", s.projectId(), e.getKey(), one.getMessage());
                }
            }
            try {
                return compiler.compile(kept);
            } catch (ControlPlaneException again) {
                LOG.warn("project {}: its namespaces do not compile, none is used: {}", s.projectId(), again.getMessage());
                return compiler.compile(Map.of());
            }
        }
    }

    private void reload(String projectId) {
        long mine = pending.merge(projectId, 1L, Long::sum);
        settings.of(projectId).whenComplete((s, failure) -> {
            if (pending.compute(projectId, (id, latest) -> latest != null && latest == mine ? null : latest) != null) {
                return; // a later reload is under way and will decide
            }
            if (failure == null) {
                apply(s);
            } else if (unwrap(failure) instanceof ControlPlaneException c
                    && c.reason() == ControlPlaneException.Reason.NOT_FOUND) {
                byProject.remove(projectId);
            } else {
                LOG.warn("cannot read the namespaces of project {}: {}", projectId, unwrap(failure).toString());
            }
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
