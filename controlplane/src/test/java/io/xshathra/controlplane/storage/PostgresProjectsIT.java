package io.xshathra.controlplane.storage;

class PostgresProjectsIT extends ProjectsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
