package io.xshathra.controlplane.storage;

class PostgresNamespaceSettingsIT extends NamespaceSettingsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
