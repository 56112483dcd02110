package io.xshathra.controlplane.storage;

class PostgresTeamsIT extends TeamsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
