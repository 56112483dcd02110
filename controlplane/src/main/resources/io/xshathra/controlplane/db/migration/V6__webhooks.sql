-- Projects' webhook endpoints, the durable outbox of batches waiting to be delivered to them, and
-- a short log of recent delivery attempts. The secret is kept in clear because every delivery is
-- signed with it (like the proxy signing secret). events is a comma-separated list of event names.
create table webhook_endpoints (
    id         varchar(40)   not null primary key,
    project_id varchar(40)   not null references projects (id) on delete cascade,
    url        varchar(2048) not null,
    events     varchar(256)  not null,
    secret     varchar(64)   not null,
    created_at bigint        not null
);
create index webhook_endpoints_project_id on webhook_endpoints (project_id);

-- One row per batch of events for one endpoint. A node claims a row by setting lease_owner and
-- lease_until; a row whose lease has expired (its node died mid-delivery) is claimed again, so a
-- batch is delivered at least once. Delivered and abandoned rows are deleted.
create table webhook_outbox (
    id              varchar(40) not null primary key,
    endpoint_id     varchar(40) not null references webhook_endpoints (id) on delete cascade,
    project_id      varchar(40) not null,
    body            text        not null,
    event_count     integer     not null,
    attempts        integer     not null,
    created_at      bigint      not null,
    next_attempt_at bigint      not null,
    lease_owner     varchar(64),
    lease_until     bigint
);
create index webhook_outbox_next_attempt_at on webhook_outbox (next_attempt_at);
create index webhook_outbox_project_id on webhook_outbox (project_id);

-- The last attempts per endpoint (older rows are deleted as new ones come). status is the HTTP
-- status, 0 when no answer came (error says why).
create table webhook_deliveries (
    id           varchar(40)  not null primary key,
    endpoint_id  varchar(40)  not null references webhook_endpoints (id) on delete cascade,
    attempted_at bigint       not null,
    status       integer      not null,
    error        varchar(256),
    duration_ms  bigint       not null,
    event_count  integer      not null,
    attempt      integer      not null
);
create index webhook_deliveries_endpoint_id on webhook_deliveries (endpoint_id, attempted_at);
