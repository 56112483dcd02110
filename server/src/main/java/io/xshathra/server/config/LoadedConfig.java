package io.xshathra.server.config;

import io.xshathra.engine.config.EngineConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of loading: validated engine and server settings, the warnings to show once at
 * startup (deprecated names, unknown keys, unsupported features), and the development defaults
 * when they were used.
 *
 * @param engine      what the engine runs with
 * @param server      process-level settings
 * @param warnings    one line each, in the order found
 * @param development non-null when no secrets were configured and development secrets were used
 * @param namespaces  reads projects' namespaces as {@code channel.namespaces} entries; its
 *                    defaults are the configured namespaces
 */
public record LoadedConfig(EngineConfig engine, ServerSettings server, List<String> warnings,
        DevelopmentDefaults development, ProjectNamespaceCompiler namespaces) {

    public LoadedConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(server, "server");
        warnings = List.copyOf(warnings);
        if (namespaces == null) {
            namespaces = ProjectNamespaceCompiler.of(engine.channel());
        }
    }

    /** Without a namespace reader of the file's namespaces (projects start without namespaces). */
    public LoadedConfig(EngineConfig engine, ServerSettings server, List<String> warnings,
                        DevelopmentDefaults development) {
        this(engine, server, warnings, development, null);
    }

    /** Without development defaults. */
    public LoadedConfig(EngineConfig engine, ServerSettings server, List<String> warnings) {
        this(engine, server, warnings, null);
    }

    /** The development defaults, when the loader had to use them; print their notice once. */
    public Optional<DevelopmentDefaults> developmentDefaults() {
        return Optional.ofNullable(development);
    }
}
