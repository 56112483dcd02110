package io.xshathra.server.cli;

import io.xshathra.controlplane.storage.ControlPlaneStore;
import io.xshathra.controlplane.storage.DatabaseUrl;
import io.xshathra.server.config.CliOverrides;
import io.xshathra.server.config.ConfigLoader;
import io.xshathra.server.config.LoadedConfig;
import io.xshathra.server.config.ProjectNamespaceCompiler;
import io.xshathra.server.config.ServerSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the control-plane commands find the database: the same file lookup, data folder and
 * database URL as {@code serve}, so they work on the data of a server that runs beside them
 * (SQLite in WAL mode lets the two processes write in turn).
 */
final class StorageOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "JSON configuration file, for xshathra.data_dir and xshathra.database_url (default: as for serve)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder holding xshathra.db (default: $XSHATHRA_DATA_DIR, else ./data)")
    Path dataDir;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "PostgreSQL instead of the SQLite file: jdbc:postgresql://... or postgres://user:pass@host:port/db"
                    + " (default: $XSHATHRA_DATABASE_URL)")
    String databaseUrl;

    /**
     * Reads the settings as {@code serve} would (without writing anything) and opens the store.
     *
     * @throws io.xshathra.server.config.ConfigException     on a bad configuration value
     * @throws io.xshathra.controlplane.StorageException     when the database cannot be opened
     */
    ControlPlaneStore open(Map<String, String> env, Path workDir) {
        return open(target(env, workDir));
    }

    /** Opens the store {@link #target} found. */
    static ControlPlaneStore open(Target t) {
        return ControlPlaneStore.open(t.database(),
                ControlPlaneStore.Options.defaults().withProxyTargets(t.settings().projectBackends())
                        .withNamespaces(t.namespaces(), false));
    }

    /** Where the store is, without opening (or creating) it. */
    Target target(Map<String, String> env, Path workDir) {
        LoadedConfig loaded = load(env, workDir);
        ServerSettings s = loaded.server();
        Path dir = workDir.resolve(s.dataDir()).toAbsolutePath().normalize();
        return new Target(s, dir, DatabaseUrl.resolve(dir, s.databaseUrl()), loaded.namespaces());
    }

    /**
     * The resolved storage of a command.
     *
     * @param dataDir  the absolute data folder
     * @param database the database in it (SQLite) or named by the URL (PostgreSQL)
     * @param namespaces reads projects' namespaces as the configuration's; its defaults are
     *                   the namespaces a project created by the command gets
     */
    record Target(ServerSettings settings, Path dataDir, DatabaseUrl database, ProjectNamespaceCompiler namespaces) {
        /** The SQLite file, or null when the database is PostgreSQL. */
        Path sqliteFile() {
            return database.dialect() == DatabaseUrl.Dialect.SQLITE ? dataDir.resolve(DatabaseUrl.SQLITE_FILE) : null;
        }

        /** False only for an SQLite file that does not exist yet. */
        boolean exists() {
            Path f = sqliteFile();
            return f == null || java.nio.file.Files.exists(f);
        }
    }

    /** The data folder {@code serve} would use (where it keeps the first-run setup token). */
    Path dataDir(Map<String, String> env, Path workDir) {
        return workDir.resolve(settings(env, workDir).dataDir());
    }

    private ServerSettings settings(Map<String, String> env, Path workDir) {
        return load(env, workDir).server();
    }

    private LoadedConfig load(Map<String, String> env, Path workDir) {
        Path file = ConfigFiles.resolve(config, env, workDir);
        Path dir = dataDir == null ? null : workDir.resolve(dataDir);
        return ConfigLoader.forChecking().load(file, env, new CliOverrides(null, null, dir, null, databaseUrl));
    }
}
