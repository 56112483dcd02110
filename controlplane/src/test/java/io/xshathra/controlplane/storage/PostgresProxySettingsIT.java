package io.xshathra.controlplane.storage;

class PostgresProxySettingsIT extends ProxySettingsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
