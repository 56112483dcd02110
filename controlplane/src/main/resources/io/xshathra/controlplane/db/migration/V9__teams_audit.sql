-- Teams: accounts that share a project, each with a role ('owner', 'developer', 'viewer').
-- The account that created a project (projects.owner_id) becomes its first owner member, here
-- for existing projects and on creation for new ones. added_by names who added the member the
-- way the audit log names actors.
create table project_members (
    project_id varchar(40)  not null references projects (id) on delete cascade,
    account_id varchar(40)  not null references accounts (id) on delete cascade,
    role       varchar(16)  not null,
    added_by   varchar(400) not null,
    added_at   bigint       not null,
    primary key (project_id, account_id)
);
create index project_members_account_id on project_members (account_id);

insert into project_members (project_id, account_id, role, added_by, added_at)
    select id, owner_id, 'owner', 'creator', created_at from projects;

-- Who changed what in a project. seq numbers a project's entries (newest highest); only the newest
-- 10,000 per project are kept. No foreign key: the log of a deleted project stays on record.
-- detail is a small JSON object of strings, never a secret.
create table project_audit (
    project_id varchar(40)   not null,
    seq        bigint        not null,
    at         bigint        not null,
    actor      varchar(400)  not null,
    action     varchar(64)   not null,
    detail     text          not null,
    primary key (project_id, seq)
);
