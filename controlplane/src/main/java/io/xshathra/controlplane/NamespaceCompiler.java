package io.xshathra.controlplane;

import io.xshathra.engine.channel.ChannelRules;
import java.util.Map;

/**
 * Reads projects' namespace options with the same rules as the configuration file's
 * {@code channel.namespaces}. The control plane cannot read the configuration itself: the
 * composition root injects the reader, and the console and the command line use it alike.
 * Implementations are immutable and thread-safe.
 */
public interface NamespaceCompiler {

    /** Accepts no options and gives new projects no namespaces (a store opened without a configuration). */
    NamespaceCompiler NONE = new NamespaceCompiler() {
        @Override
        public String check(String name, String optionsJson) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                    "namespaces cannot be changed without the server's configuration");
        }

        @Override
        public ChannelRules compile(Map<String, String> namespaces) {
            throw new ControlPlaneException(ControlPlaneException.Reason.INVALID_ARGUMENT,
                    "namespaces cannot be compiled without the server's configuration");
        }

        @Override
        public Map<String, String> defaults() {
            return Map.of();
        }
    };

    /**
     * Checks one namespace's options (a JSON object with the keys of one {@code channel.namespaces}
     * entry, without {@code name}) and answers them in the compact form they are stored in.
     *
     * @throws ControlPlaneException {@code INVALID_ARGUMENT} with a one-line message that starts
     *                               with the offending key, such as {@code history_ttl: must be set
     *                               when history_size is set}
     */
    String check(String name, String optionsJson);

    /**
     * Compiles a project's namespaces (name to stored options) into the rules its channels
     * resolve with: the configuration's channel-wide settings and {@code without_namespace},
     * with these namespaces instead of the configuration's.
     *
     * @throws ControlPlaneException {@code INVALID_ARGUMENT} naming {@code <namespace>.<key>}
     */
    ChannelRules compile(Map<String, String> namespaces);

    /** The namespaces a new project starts with: the configuration's, name to stored options. */
    Map<String, String> defaults();
}
