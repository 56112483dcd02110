package io.xshathra.server.cli;

import io.xshathra.engine.token.ConnectToken;
import io.xshathra.engine.token.TokenException;
import io.xshathra.engine.token.TokenVerifier;
import io.xshathra.server.config.ConfigException;
import io.xshathra.server.config.LoadedConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xshathra checktoken TOKEN}: verifies a connection token exactly as the server would.
 * Exit 0 when valid (prints user, expiry and claims), 1 when invalid or expired.
 */
@Command(name = "checktoken", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = "Verify a connection token with the configured token settings.")
public final class ChecktokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "The JWT to check")
    String token;

    private final Map<String, String> env;
    private final Path workDir;
    private final Clock clock;

    public ChecktokenCommand(Map<String, String> env, Path workDir, Clock clock) {
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            loaded = configOptions.load(env, workDir);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        ConnectToken t;
        try {
            t = new TokenVerifier(loaded.engine().client().token(), clock).verifyConnectToken(token.trim());
        } catch (TokenException e) {
            err.println((e.reason() == TokenException.Reason.EXPIRED ? "token expired: "
                    : e.reason() == TokenException.Reason.UNAVAILABLE ? "cannot check token now: " : "invalid token: ")
                    + e.getMessage());
            return 1;
        }
        out.println("valid token for user \"" + t.userId() + "\"");
        out.println("expires: " + (t.expireAt() > 0 ? Instant.ofEpochSecond(t.expireAt()) : "never"));
        if (!t.channels().isEmpty()) {
            out.println("channels: " + String.join(", ", t.channels()));
        }
        if (!t.subs().isEmpty()) {
            out.println("subs: " + String.join(", ", t.subs().keySet()));
        }
        if (t.info() != null) {
            out.println("info: " + new String(t.info(), StandardCharsets.UTF_8));
        }
        if (!t.projectId().isEmpty()) {
            out.println("project: " + t.projectId());
        }
        return 0;
    }
}
