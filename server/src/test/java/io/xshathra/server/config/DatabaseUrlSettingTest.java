package io.xshathra.server.config;

import static io.xshathra.server.config.Fixtures.withSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xshathra.database_url}: file, environment and flag, checked at load, never shown. */
class DatabaseUrlSettingTest {

    private static final String URL = "postgres://xs:hunter22@db:5432/xshathra";

    @TempDir
    Path dir;

    @Test
    void emptyByDefaultMeaningTheSqliteFile() {
        assertThat(Fixtures.load(null, withSecrets()).server().databaseUrl()).isEmpty();
        assertThat(ServerSettings.defaults().databaseUrl()).isEmpty();
    }

    @Test
    void fromTheEnvironmentWithoutAWarning() {
        LoadedConfig cfg = Fixtures.load(null, withSecrets("XSHATHRA_DATABASE_URL", URL));
        assertThat(cfg.server().databaseUrl()).isEqualTo(URL);
        assertThat(cfg.warnings()).isEmpty();
    }

    @Test
    void fromTheFileAndTheFlagWins() {
        Path file = Fixtures.write(dir, "config.json", "{\"xshathra\": {\"database_url\": \"" + URL + "\"}}");
        LoadedConfig cfg = new ConfigLoader().load(file, withSecrets(), CliOverrides.none());
        assertThat(cfg.server().databaseUrl()).isEqualTo(URL);
        assertThat(cfg.warnings()).isEmpty();
        LoadedConfig flagged = new ConfigLoader().load(file, withSecrets("XSHATHRA_DATABASE_URL", "postgres://env/x"),
                new CliOverrides(null, null, null, null, "jdbc:postgresql://flag/x"));
        assertThat(flagged.server().databaseUrl()).isEqualTo("jdbc:postgresql://flag/x");
    }

    @Test
    void anUnacceptedFormStopsLoadingWithoutRepeatingTheUrl() {
        assertThatThrownBy(() -> Fixtures.load(null, withSecrets("XSHATHRA_DATABASE_URL", "mysql://u:hunter22@h/d")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: xshathra.database_url (from XSHATHRA_DATABASE_URL): the database URL must start with")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
        assertThatThrownBy(() -> new ConfigLoader().load(null, withSecrets(),
                new CliOverrides(null, null, null, null, "sqlite:x")))
                .hasMessageStartingWith("config: --database-url: ");
    }

    @Test
    void toStringHidesTheUrl() {
        LoadedConfig cfg = Fixtures.load(null, withSecrets("XSHATHRA_DATABASE_URL", URL));
        assertThat(cfg.server().toString()).doesNotContain("hunter22").contains("databaseUrl=(set)");
        assertThat(cfg.toString()).doesNotContain("hunter22");
    }
}
