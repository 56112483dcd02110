package io.xshathra.controlplane.storage;

class PostgresProjectLimitsIT extends ProjectLimitsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
