-- Projects' backend endpoints: the engine calls them (signed with the project's secret) to let the
-- project's own backend decide connects, subscriptions, publications and RPCs. One row per kind.
-- The signing secret is kept in clear because the engine signs with it; changes to either are
-- recorded in the key change feed so every process drops what it remembers of them.
alter table projects add column proxy_signing_secret varchar(64);

create table project_proxies (
    project_id varchar(40)   not null references projects (id) on delete cascade,
    kind       varchar(16)   not null,
    endpoint   varchar(2048) not null,
    timeout_ms bigint        not null,
    primary key (project_id, kind)
);
