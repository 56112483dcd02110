package io.xshathra.controlplane.storage;

class PostgresWebhooksIT extends WebhooksContract {

    @Override
    protected DatabaseUrl newDatabase() throws Exception {
        return EmbeddedPostgresDatabases.newDatabase();
    }
}
