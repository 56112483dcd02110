-- Usage over time: one row per project, node process and hour, holding that hour's 60 minutes
-- (connections, publications in, deliveries out, webhook deliveries) in a compact text encoding
-- (see HourSlots). Each server process writes only its own rows; readers sum across nodes.
-- No foreign key to projects: a node may still write the last minute of a project deleted
-- elsewhere, and rows older than 25 hours are pruned anyway.
create table usage_hours (
    project_id varchar(40) not null,
    node_id    varchar(64) not null,
    hour_ms    bigint      not null,
    slots      text        not null,
    primary key (project_id, hour_ms, node_id)
);

create index usage_hours_by_hour on usage_hours (hour_ms);
