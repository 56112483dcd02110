package io.xshathra.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xshathra.server.ServerLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs one command line in process and keeps what it printed. */
final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A runner in {@code dir} whose commands keep their database in {@code dir/data} ({@code XSHATHRA_DATA_DIR}). */
    static CliRunner withDataDir(Path dir) {
        CliRunner cli = new CliRunner(dir);
        cli.env.put("XSHATHRA_DATA_DIR", dir.resolve("data").toString());
        return cli;
    }

    /** {@code user create EMAIL --password-stdin} with the password "correct horse battery"; it must succeed. */
    void createUser(String email) {
        assertThat(run(FakeTerminal.piped("correct horse battery\n"), "user", "create", email, "--password-stdin"))
                .as(err).isZero();
    }

    /** {@code project create NAME --json} with {@code more} arguments; it must succeed. Its JSON answer. */
    JsonNode createProject(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("project", "create", name, "--json"));
        args.addAll(List.of(more));
        assertThat(run(args.toArray(String[]::new))).as(err).isZero();
        return JSON.readTree(out);
    }
}
