package io.xshathra.controlplane.storage;

class PostgresUsageIT extends UsageContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
