package io.xshathra.controlplane.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteNamespaceSettingsTest extends NamespaceSettingsContract {

    @TempDir
    Path dir;

    @Override
    protected DatabaseUrl newDatabase() {
        return DatabaseUrl.sqlite(dir);
    }
}
