package io.xshathra.server.cli;

import io.xshathra.engine.channel.ChannelRules;
import io.xshathra.engine.token.TokenMinter;
import io.xshathra.server.config.ConfigException;
import io.xshathra.server.config.LoadedConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra gentoken}: prints an HS256 connection token for development and scripts,
 * minted by the engine's {@link TokenMinter} from the configuration {@code serve} would load, so
 * it carries the configured user-id claim, audience and issuer and only channels the engine
 * accepts. The token alone goes to standard output.
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
        TokenMinter minter = new TokenMinter(loaded.engine().client(), new ChannelRules(loaded.engine().channel()),
                clock);
        long now = clock.millis() / 1000;
        String token;
        try {
            token = minter.connectionToken(new TokenMinter.ConnectionClaims(user, "",
                    ttl > 0 ? Duration.ofSeconds(ttl) : null, channels, null));
        } catch (TokenMinter.CannotSign e) {
            spec.commandLine().getErr().println("gentoken: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("gentoken: --channels: " + e.getMessage());
            return 2;
        }
        spec.commandLine().getOut().println(token);
        spec.commandLine().getErr().println("token for user \"" + user + "\""
                + (ttl > 0 ? ", valid until " + Instant.ofEpochSecond(now + ttl) : ", without expiry"));
        return 0;
    }
}
