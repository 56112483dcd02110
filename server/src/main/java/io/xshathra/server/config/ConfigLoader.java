package io.xshathra.server.config;

import io.xshathra.engine.config.ChannelConfig;
import io.xshathra.engine.config.EngineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads the configuration from the JSON file (Centrifugo v6 and v5 names), the environment
 * ({@code CENTRIFUGO_*}, {@code XSHATHRA_*}) and the command-line flags, in that order of
 * increasing precedence over the built-in defaults, then validates it. The first invalid value
 * stops loading with a one-line {@link ConfigException}; everything else that deserves attention
 * becomes a warning.
 *
 * <p>When neither a token secret nor an API key is configured anywhere, development secrets are
 * generated once, kept in {@code <data dir>/dev-secrets.json} and reused on later loads; see
 * {@link DevelopmentDefaults}. {@code docs/configuration.md} documents every key.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConfigLoader {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final boolean saveDevelopmentSecrets;

    /** A loader that creates {@code dev-secrets.json} when it needs development secrets. */
    public ConfigLoader() {
        this(true);
    }

    private ConfigLoader(boolean saveDevelopmentSecrets) {
        this.saveDevelopmentSecrets = saveDevelopmentSecrets;
    }

    /** A loader that never writes: for checking a configuration. */
    public static ConfigLoader forChecking() {
        return new ConfigLoader(false);
    }

    /**
     * @param file  the JSON configuration file, or null for none
     * @param env   the environment (the loader never reads {@code System.getenv} itself)
     * @param flags command-line values
     * @throws ConfigException on the first invalid value
     */
    public LoadedConfig load(Path file, Map<String, String> env, CliOverrides flags) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(flags, "flags");
        List<String> warnings = new ArrayList<>();
        ConfigTree tree = new ConfigTree();
        // Each source is checked on its own, so a value that a higher source replaces is still
        // reported (a wrong type in the file is an error even when the environment overrides it).
        if (file != null) {
            ConfigTree fromFile = FileSource.read(file, warnings);
            KeyChecker.check(fromFile, warnings);
            tree.overlay(fromFile);
        }
        EnvSource.Result fromEnv = EnvSource.read(env, warnings);
        KeyChecker.check(fromEnv.tree(), warnings);
        tree.overlay(fromEnv.tree());
        EnvSource.applyNamespaceOverrides(tree, fromEnv.namespaceOverrides(), warnings);

        ConfigNode root = ConfigNode.root(tree);
        ServerSettings server = ServerSettingsReader.read(root, flags);
        DevelopmentDefaults development = development(root, server);
        EngineConfigReader.Fallbacks fallbacks = development == null
                ? new EngineConfigReader.Fallbacks("", "", List.of(), nodeName(env, server))
                : new EngineConfigReader.Fallbacks(development.tokenSecret(), development.apiKey(),
                        development.allowedOrigins(), nodeName(env, server));
        ChannelConfig channel = ChannelConfigReader.read(root, warnings);
        EngineConfig engine = EngineConfigReader.read(root, channel, fallbacks, warnings);
        secretWarnings(engine, server, development, warnings);
        return new LoadedConfig(engine, server, warnings, development, ProjectNamespaceCompiler.of(tree, channel));
    }

    private DevelopmentDefaults development(ConfigNode root, ServerSettings server) {
        ConfigNode client = root.child("client");
        ConfigNode api = root.child("http_api");
        ConfigNode token = client.child("token");
        boolean configured = token.isSet("hmac_secret_key") || token.isSet("rsa_public_key")
                || token.isSet("ecdsa_public_key") || token.isSet("jwks_public_endpoint") || api.isSet("key");
        boolean insecure = client.bool("insecure", false) && api.bool("insecure", false);
        if (configured || insecure) {
            return null;
        }
        List<String> origins = client.strings("allowed_origins").isEmpty()
                ? DevelopmentDefaults.LOOPBACK_ORIGINS : List.of();
        return DevSecretsStore.load(server.dataDir(), saveDevelopmentSecrets, origins);
    }

    private static void secretWarnings(EngineConfig engine, ServerSettings server, DevelopmentDefaults development,
            List<String> warnings) {
        if (development != null) {
            if (!LOOPBACK.contains(server.address())) {
                warnings.add("development secrets are in use while listening on " + server.address()
                        + "; configure client.token.hmac_secret_key and http_api.key");
            }
            return;
        }
        if (!engine.client().token().hasKeys() && !engine.client().insecure()) {
            warnings.add("client.token.hmac_secret_key is not set: connection tokens cannot be verified"
                    + " (set it, or CENTRIFUGO_CLIENT_TOKEN_HMAC_SECRET_KEY)");
        }
        if (engine.httpApi().key().isEmpty() && !engine.httpApi().insecure() && !server.endpoints().apiDisabled()) {
            warnings.add("http_api.key is not set: the server API refuses every request"
                    + " (set it, or CENTRIFUGO_HTTP_API_KEY)");
        }
    }

    /** Centrifugo's default node name is the host name and the port. */
    private static String nodeName(Map<String, String> env, ServerSettings server) {
        String host = env.getOrDefault("HOSTNAME", "");
        return (host.isBlank() ? "xshathra" : host) + "_" + server.port();
    }
}
