package io.xshathra.server.config;

import java.nio.file.Path;

/**
 * Values given as command-line flags; they win over every other source. Null means "not given".
 *
 * @param port     {@code --port}; 0 asks for any free port
 * @param address  {@code --address}
 * @param dataDir  {@code --data-dir}
 * @param logLevel {@code --log-level}
 */
public record CliOverrides(Integer port, String address, Path dataDir, String logLevel) {

    private static final CliOverrides NONE = new CliOverrides(null, null, null, null);

    /** No flags. */
    public static CliOverrides none() {
        return NONE;
    }
}
