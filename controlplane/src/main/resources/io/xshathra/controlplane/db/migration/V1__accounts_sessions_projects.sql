-- The control plane's first schema. One SQL text for SQLite and PostgreSQL: text ids made in
-- Java (no identity columns), times as epoch milliseconds in bigint, hashes as hex text.

-- Deployment-wide settings: 'open_signup' ('true'/'false'); 'first_account' holds the id of the
-- first account, and inserting it is how that account is chosen to be the administrator.
create table settings (
    name  varchar(64)  not null primary key,
    value varchar(512) not null
);

create table accounts (
    id            varchar(40)  not null primary key,
    email         varchar(320) not null unique,
    password_hash varchar(256) not null,
    is_admin      boolean      not null,
    created_at    bigint       not null
);

-- Console sessions: the cookie's token is kept only as its SHA-256 hash.
create table sessions (
    id           varchar(40) not null primary key,
    token_hash   varchar(64) not null unique,
    account_id   varchar(40) not null references accounts (id) on delete cascade,
    created_at   bigint      not null,
    last_seen_at bigint      not null,
    expires_at   bigint      not null
);
create index sessions_account_id on sessions (account_id);
create index sessions_expires_at on sessions (expires_at);

-- Projects and their key pair. The server key is kept only as its SHA-256 hash plus a display
-- hint; during a rotation's grace period the previous hash authenticates until its expiry.
-- name_key is the lower-cased name: names are unique per owner ignoring case.
create table projects (
    id                             varchar(40)  not null primary key,
    owner_id                       varchar(40)  not null references accounts (id),
    name                           varchar(400) not null,
    name_key                       varchar(400) not null,
    client_api_key                 varchar(64)  not null unique,
    server_key_hash                varchar(64)  not null unique,
    server_key_hint                varchar(16)  not null,
    previous_server_key_hash       varchar(64),
    previous_server_key_expires_at bigint,
    created_at                     bigint       not null,
    unique (owner_id, name_key)
);
create index projects_previous_server_key_hash on projects (previous_server_key_hash);
