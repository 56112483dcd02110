package io.xshathra.server.config;

import java.nio.file.Path;

/**
 * Values given as command-line flags; they win over every other source. Null means "not given".
 *
 * @param port     {@code --port}; 0 asks for any free port
 * @param address  {@code --address}
 * @param dataDir  {@code --data-dir}
 * @param logLevel {@code --log-level}
 * @param databaseUrl {@code --database-url}
 */
public record CliOverrides(Integer port, String address, Path dataDir, String logLevel, String databaseUrl) {

    private static final CliOverrides NONE = new CliOverrides(null, null, null, null, null);

    /** Without a database URL flag. */
    public CliOverrides(Integer port, String address, Path dataDir, String logLevel) {
        this(port, address, dataDir, logLevel, null);
    }

    /** No flags. */
    public static CliOverrides none() {
        return NONE;
    }
}
