package io.xshathra.server;

import io.xshathra.server.config.LoadedConfig;
import org.slf4j.LoggerFactory;

/**
 * Starts the server once the configuration is loaded; {@code xshathra serve} calls it. The
 * composition root implements it: create the infrastructure, the engine and the transports from
 * the {@link LoadedConfig}, serve until shutdown, then close everything in reverse order.
 */
@FunctionalInterface
public interface ServerLauncher {

    /** Used until a real launcher is plugged in: logs "server not available" and fails. */
    ServerLauncher UNAVAILABLE = config -> {
        LoggerFactory.getLogger(ServerLauncher.class).error("server not available");
        return 1;
    };

    /**
     * Runs the server and blocks until it has stopped.
     *
     * @return the process exit code: 0 after a clean shutdown, 1 when the server could not run
     */
    int launch(LoadedConfig config);
}
