package io.xshathra.controlplane;

import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.project.ProjectNamespaces;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every project's namespaces, compiled, in memory: the engine's {@link ProjectNamespaces}, looked
 * up once per channel command of a project. Kept current by the {@link ProjectIndexLoader}: loaded
 * when the server starts, each project read again when the change feed reports it (at once here,
 * within the feed's bound for a change made by the command line or another node), and dropped
 * when it no longer exists; a change made through this process is also taken before its stage
 * completes ({@link NamespaceSettings#onSaved}). A project whose list equals the configuration's
 * shares the configuration's compiled rules, so the memory held is that of the projects that
 * changed theirs. Thread-safe.
 */
public final class ProjectNamespaceIndex extends ProjectIndex<NamespaceSet, ChannelRules>
        implements ProjectNamespaces {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectNamespaceIndex.class);
    /** How long giving projects the defaults may take at startup. */
    private static final long ADOPT_TIMEOUT_SECONDS = 60;

    private final NamespaceSettings settings;
    private final NamespaceCompiler compiler;
    private final ChannelRules defaults;
    private final Map<String, String> defaultOptions;

    private ProjectNamespaceIndex(NamespaceSettings settings, NamespaceCompiler compiler, ChannelRules defaults) {
        super("namespaces");
        this.settings = settings;
        this.compiler = compiler;
        this.defaults = defaults;
        this.defaultOptions = Map.copyOf(compiler.defaults());
    }

    /**
     * Gives projects without a list of their own the defaults (blocking, at startup) and returns
     * an empty index that takes the changes saved through this process; load it with a
     * {@link ProjectIndexLoader}.
     *
     * @param defaults the configuration's rules (the default space's), shared by projects whose
     *                 list equals the configuration's
     * @throws StorageException when the database cannot be written
     */
    public static ProjectNamespaceIndex create(NamespaceSettings settings, NamespaceCompiler compiler,
                                               ChannelRules defaults) {
        ProjectNamespaceIndex index = new ProjectNamespaceIndex(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(compiler, "compiler"), Objects.requireNonNull(defaults, "defaults"));
        settings.onSaved(s -> index.saved(s.projectId(), s));
        try {
            int adopted = settings.adoptDefaults().toCompletableFuture().get(ADOPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (adopted > 0) {
                LOG.info("{} project(s) got a copy of channel.namespaces as their own namespaces", adopted);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while giving projects the default namespaces", e);
        } catch (Exception e) {
            throw new StorageException("cannot give projects the default namespaces: " + e.getMessage(), e);
        }
        return index;
    }

    @Override
    public ChannelRules rules(String projectId) {
        return entryOf(projectId);
    }

    /** How many projects have namespaces other than the configuration's. */
    public int customised() {
        return (int) entries().stream().filter(r -> r != defaults).count();
    }

    @Override
    public CompletionStage<NamespaceSet> read(String projectId) {
        return settings.of(projectId);
    }

    @Override
    public CompletionStage<Map<String, NamespaceSet>> readAll() {
        return settings.all().thenApply(list -> byProject(list, NamespaceSet::projectId));
    }

    /** A project with a list of its own has an entry: the configuration's rules when the list equals them. */
    @Override
    protected ChannelRules entry(String projectId, NamespaceSet s) {
        if (!s.own()) {
            return null;
        }
        return s.namespaces().equals(defaultOptions) ? defaults : compile(s);
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
}
