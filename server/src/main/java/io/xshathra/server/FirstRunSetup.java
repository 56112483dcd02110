package io.xshathra.server;

import io.xshathra.controlplane.Accounts;
import io.xshathra.controlplane.security.SetupTokenFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code serve} does for a deployment without accounts: it asks the control plane for a
 * one-time setup token ({@link Accounts#openSetup}), writes it to {@code <data dir>/setup-token}
 * (mode 0600) and logs it once, with the console's setup URL and the CLI alternative. This is
 * the only place the token is ever logged. When accounts exist nothing is generated, and a
 * leftover token file is deleted.
 */
final class FirstRunSetup {

    private static final Logger LOG = LoggerFactory.getLogger(FirstRunSetup.class);

    private final Optional<String> token;
    /** Where the token was saved, or why it could not be, for the log line. */
    private final String where;

    private FirstRunSetup(Optional<String> token, String where) {
        this.token = token;
        this.where = where;
    }

    /**
     * The database and file half, which logs nothing (but a stale file it cannot delete): the
     * server runs it before its port accepts, so the first clients do not share the CPU with it.
     * Blocks on the database.
     */
    static FirstRunSetup prepare(Accounts accounts, Path tokenFile) {
        Optional<String> token = accounts.openSetup().toCompletableFuture().join();
        if (token.isEmpty()) {
            try {
                SetupTokenFile.delete(tokenFile);
            } catch (IOException e) {
                LOG.warn("cannot delete the stale setup token file {}: {}", tokenFile, e.getMessage());
            }
            return new FirstRunSetup(token, "");
        }
        try {
            SetupTokenFile.write(tokenFile, token.get());
            return new FirstRunSetup(token, " (also saved in " + tokenFile.toAbsolutePath().normalize()
                    + ", readable by this user only)");
        } catch (IOException e) {
            return new FirstRunSetup(token, " (it could not be saved to " + tokenFile + ": " + e.getMessage() + ")");
        }
    }

    /**
     * Logs the token, when one was made, with the console's URL on {@code port}.
     *
     * @return the token when one was made (for tests), else empty
     */
    Optional<String> announce(String address, int port) {
        if (token.isEmpty()) {
            return token;
        }
        String host = address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") ? "localhost"
                : address.contains(":") ? "[" + address + "]" : address;
        // The one deliberate log line with the token: the operator needs it to create the administrator.
        LOG.warn("No account exists yet. Create the administrator at http://{}:{}/setup with the one-time setup "
                + "token {}{}, or on this machine with: xshathra user create EMAIL", host, port, token.get(), where);
        return token;
    }

    /** Both halves at once. */
    static Optional<String> announce(Accounts accounts, Path tokenFile, String address, int port) {
        return prepare(accounts, tokenFile).announce(address, port);
    }
}
