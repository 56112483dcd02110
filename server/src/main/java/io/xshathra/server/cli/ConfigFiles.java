package io.xshathra.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Which configuration file {@code serve} reads when none is named. */
final class ConfigFiles {

    /** Tried in order when neither {@code -c} nor {@code XSHATHRA_CONFIG} names a file. */
    static final List<String> DEFAULTS = List.of("config.json", "centrifugo/config.json");

    private ConfigFiles() {
    }

    /**
     * {@code -c FILE}, else {@code XSHATHRA_CONFIG}, else the first of {@link #DEFAULTS} that
     * exists in the working directory, else none (defaults and environment only).
     */
    static Path resolve(Path explicit, Map<String, String> env, Path workDir) {
        if (explicit != null) {
            return workDir.resolve(explicit);
        }
        String fromEnv = env.getOrDefault("XSHATHRA_CONFIG", "");
        if (!fromEnv.isEmpty()) {
            return workDir.resolve(fromEnv);
        }
        for (String name : DEFAULTS) {
            Path candidate = workDir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
