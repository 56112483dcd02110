package io.xshathra.controlplane.storage;

class PostgresSessionsIT extends SessionsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
