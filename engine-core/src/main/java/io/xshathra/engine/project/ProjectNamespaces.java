package io.xshathra.engine.project;

import io.xshathra.engine.channel.ChannelRules;

/**
 * Each project's own namespaces, compiled into the {@link ChannelRules} its connections, its
 * server-API calls and the tokens minted for it resolve channels with. Looked up on every channel
 * command of a project's connection: implementations answer from memory (one map lookup), never
 * from a database, and are thread-safe.
 */
@FunctionalInterface
public interface ProjectNamespaces {

    /** No project has namespaces of its own: every project uses the configuration's. */
    ProjectNamespaces NONE = projectId -> null;

    /**
     * The project's rules, or null when the project has no namespaces of its own (then the
     * configuration's {@code channel.namespaces} apply).
     *
     * @param projectId a project id, never empty (the default space always uses the configuration's)
     */
    ChannelRules rules(String projectId);
}
