package io.xshathra.server.cli;

import io.xshathra.controlplane.Account;
import io.xshathra.controlplane.ControlPlaneException;
import io.xshathra.controlplane.InputRules;
import io.xshathra.controlplane.security.SetupTokenFile;
import io.xshathra.controlplane.storage.ControlPlaneStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xshathra user create EMAIL}: creates a console account. The password is asked twice on
 * the terminal, or read from the first line of standard input with {@code --password-stdin}
 * (never from an argument, which other users could see in the process list). The first account
 * on a deployment is its administrator: creating it ends first-run setup, so the setup tokens
 * stop working and the {@code setup-token} file in the data folder is deleted.
 */
@Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Cli.VersionProvider.class,
        description = {"Create a console account. The first account becomes the administrator.",
                "The password is asked on the terminal, or read from standard input with --password-stdin."})
public final class UserCreateCommand extends StorageCommand {

    /** More than any accepted password: stdin is not read without bound. */
    private static final int MAX_STDIN = 8192;

    @Parameters(index = "0", paramLabel = "EMAIL", description = "The account's email address")
    String email;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input")
    boolean passwordStdin;

    public UserCreateCommand(Map<String, String> env, Path workDir, Terminal terminal) {
        super(env, workDir, terminal);
    }

    @Override
    Integer check() {
        email = InputRules.email(email);
        if (!passwordStdin && !terminal.interactive()) {
            err().println(name() + ": no terminal to ask for the password on; pipe it in with --password-stdin");
            return 2;
        }
        return null;
    }

    @Override
    int run(ControlPlaneStore store) throws IOException {
        String password = passwordStdin ? readStdin(terminal.stdin()) : prompt();
        if (password == null) {
            return 1;
        }
        Account a = await(store.accounts().createUser(email, password));
        out().println("created account " + a.id() + " for " + a.email());
        if (a.admin()) {
            out().println("it is the administrator: the first account on this deployment");
            // The database no longer accepts any setup token; the file would only mislead.
            SetupTokenFile.delete(SetupTokenFile.in(storage.dataDir(env, workDir)));
        }
        return 0;
    }

    private String prompt() {
        char[] first = terminal.readPassword("Password for " + email + " (at least 10 characters): ");
        if (first == null) {
            err().println(name() + ": no password given");
            return null;
        }
        String password = new String(first);
        InputRules.password(password); // refuse before asking again
        char[] second = terminal.readPassword("Repeat the password: ");
        boolean same = second != null && Arrays.equals(first, second);
        Arrays.fill(first, '\0');
        if (second != null) {
            Arrays.fill(second, '\0');
        }
        if (!same) {
            err().println(name() + ": the passwords do not match; nothing was created");
            return null;
        }
        return password;
    }

    /** The first line of standard input, without its line ending. */
    private String readStdin(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (buf.size() >= MAX_STDIN) {
                throw new ControlPlaneException(ControlPlaneException.Reason.WEAK_PASSWORD,
                        "the password on standard input is too long");
            }
            buf.write(b);
        }
        String line = buf.toString(StandardCharsets.UTF_8);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    @Override
    boolean createsDatabase() {
        return true;
    }
}
