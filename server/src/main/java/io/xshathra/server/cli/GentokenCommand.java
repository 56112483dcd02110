package io.xshathra.server.cli;

import io.xshathra.engine.token.HmacTokenSigner;
import io.xshathra.server.config.ConfigException;
import io.xshathra.server.config.LoadedConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra gentoken}: prints an HS256 connection token signed with the configured secret,
 * for development and scripts. The token alone goes to standard output.
 */
@Command(name = "gentoken", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Print a connection token (HS256) signed with the configured token secret.")
public final class GentokenCommand implements Callable<Integer> {
    static final long DEFAULT_TTL = 7 * 24 * 3600;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ID", description = "User id (the sub claim); \"\" for anonymous")
    String user;

    @Option(names = {"-t", "--ttl"}, paramLabel = "SECONDS",
            description = "Lifetime in seconds (default 604800 = 7 days; 0 = no exp claim)")
    long ttl = DEFAULT_TTL;

    @Option(names = "--channels", split = ",", paramLabel = "CHANNEL",
            description = "Server-side subscriptions (the channels claim), comma-separated")
    List<String> channels = List.of();

    private final Map<String, String> env;
    private final Path workDir;
    private final Clock clock;

    public GentokenCommand(Map<String, String> env, Path workDir, Clock clock) {
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (ttl < 0) {
            spec.commandLine().getErr().println("gentoken: --ttl must be 0 or more seconds");
            return 2;
        }
        LoadedConfig loaded;
        try {
            loaded = configOptions.load(env, workDir);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        String secret = loaded.engine().client().token().hmacSecretKey();
        if (secret == null || secret.isEmpty()) {
            spec.commandLine().getErr().println("gentoken: client.token.hmac_secret_key is not configured");
            return 1;
        }
        long now = clock.millis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user);
        claims.put("iat", now);
        if (ttl > 0) {
            claims.put("exp", now + ttl);
        }
        if (!channels.isEmpty()) {
            claims.put("channels", channels);
        }
        spec.commandLine().getOut().println(new HmacTokenSigner(secret).sign(claims));
        spec.commandLine().getErr().println("token for user \"" + user + "\""
                + (ttl > 0 ? ", valid until " + Instant.ofEpochSecond(now + ttl) : ", without expiry"));
        return 0;
    }
}
