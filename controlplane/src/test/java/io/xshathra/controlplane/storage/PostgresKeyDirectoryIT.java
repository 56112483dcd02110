package io.xshathra.controlplane.storage;

class PostgresKeyDirectoryIT extends KeyDirectoryContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
