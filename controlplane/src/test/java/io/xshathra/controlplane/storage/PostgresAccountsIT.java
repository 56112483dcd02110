package io.xshathra.controlplane.storage;

class PostgresAccountsIT extends AccountsContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
