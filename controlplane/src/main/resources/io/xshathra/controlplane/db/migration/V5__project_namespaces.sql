-- Each project's own namespaces (the options of one channel.namespaces entry, as JSON). A row in
-- project_namespace_sets says the project has its own list, even an empty one; a project without
-- one (created before this migration) gets a copy of the configuration's channel.namespaces the
-- first time a server starts on this database, or before the first change made to its list.
-- Changes are recorded in the key change feed, so every process sharing the database reloads them.
create table project_namespace_sets (
    project_id varchar(40) not null primary key references projects (id) on delete cascade,
    updated_at bigint      not null
);

create table project_namespaces (
    project_id varchar(40) not null references projects (id) on delete cascade,
    name       varchar(64) not null,
    options    text        not null,
    updated_at bigint      not null,
    primary key (project_id, name)
);
