-- Per-project limits that differ from the configured defaults (xshathra.project_limits.*).
-- A null column takes the default; 0 means no limit for this project. Changes are recorded in the
-- key change feed so that every node applies them.
create table project_limits (
    project_id                  varchar(40) not null primary key references projects (id) on delete cascade,
    max_connections             bigint,
    max_publications_per_second bigint,
    max_message_size            bigint,
    updated_at                  bigint      not null
);
