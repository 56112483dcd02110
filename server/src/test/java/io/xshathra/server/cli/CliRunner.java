package io.xshathra.server.cli;

import io.xshathra.server.ServerLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs one command line in process and keeps what it printed. */
final class CliRunner {

    final Map<String, String> env = new HashMap<>();
    final Path workDir;
    String out = "";
    String err = "";

    CliRunner(Path workDir) {
        this.workDir = workDir;
    }

    int run(Terminal terminal, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = Cli.create(env, ServerLauncher.UNAVAILABLE, workDir, terminal);
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(e, true));
        int code = cli.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    int run(String... args) {
        return run(FakeTerminal.piped(""), args);
    }
}
