package io.xshathra.controlplane.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void withoutAUrlTheSqliteFileInTheDataFolderIsUsed() {
        DatabaseUrl u = DatabaseUrl.resolve(Path.of("/var/lib/xshathra"), null);
        assertThat(u.dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/xshathra/xshathra.db");
        assertThat(DatabaseUrl.resolve(Path.of("data"), "").jdbcUrl()).isEqualTo("jdbc:sqlite:data/xshathra.db");
    }

    @Test
    void jdbcUrlsPassThrough() {
        DatabaseUrl u = DatabaseUrl.parse("jdbc:postgresql://db:5432/xs?user=xs&password=s3cret&sslmode=require");
        assertThat(u.dialect()).isEqualTo(DatabaseUrl.Dialect.POSTGRESQL);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/xs?user=xs&password=s3cret&sslmode=require");
        assertThat(u.user()).isNull();
        assertThat(u.redacted()).isEqualTo("jdbc:postgresql://db:5432/xs?user=xs&password=***&sslmode=require");
        assertThat(u.toString()).doesNotContain("s3cret");
    }

    @Test
    void postgresUrlsAreConvertedAndTheirUserInfoDecoded() {
        DatabaseUrl u = DatabaseUrl.parse("postgres://xs:p%40ss%3Aw+rd@db.internal:6432/realtime?sslmode=require");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/realtime?sslmode=require");
        assertThat(u.user()).isEqualTo("xs");
        assertThat(u.password()).isEqualTo("p@ss:w+rd");
        assertThat(u.toString()).doesNotContain("p@ss").doesNotContain("p%40ss").contains("user xs");

        DatabaseUrl v = DatabaseUrl.parse("postgresql://me@localhost/db");
        assertThat(v.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/db");
        assertThat(v.user()).isEqualTo("me");
        assertThat(v.password()).isNull();

        DatabaseUrl w = DatabaseUrl.parse("POSTGRES://localhost");
        assertThat(w.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/");
        assertThat(w.user()).isNull();
        assertThat(DatabaseUrl.parse("postgres://u:%C3%A9t%C3%A9@h/d").password()).isEqualTo("été");
    }

    @Test
    void otherFormsAreRefusedWithoutRepeatingTheUrl() {
        for (String bad : new String[] {"mysql://u:secret@h/d", "jdbc:sqlite:x.db", "secret", "postgres://u:secret@/d",
                "postgres://u:sec%zzret@h/d"}) {
            assertThatThrownBy(() -> DatabaseUrl.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("sec%zzret"));
        }
    }
}
