-- Client key rotation with a grace period, like the server key's: during the grace period the
-- previous public client key still connects until its expiry (epoch milliseconds). Client keys
-- are public identifiers and are kept in clear, as client_api_key is.
alter table projects add column previous_client_api_key varchar(64);
alter table projects add column previous_client_key_expires_at bigint;
create index projects_previous_client_api_key on projects (previous_client_api_key);
