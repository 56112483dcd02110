-- Which projects changed, so that every process sharing the database can drop what it remembers
-- of their keys. A rotation, a rename or a deletion adds 1 to the single counter row and inserts
-- one change row with the new count, in the same transaction as the change itself. Updating the
-- counter row takes its row lock, so concurrent changes get consecutive counts in commit order,
-- and a reader that sees count N knows the change rows 1..N are committed. Old change rows are
-- deleted as new ones come (see KeyChanges.KEEP); a reader that fell further behind forgets all.
create table project_key_version (
    id      integer not null primary key,
    version bigint  not null
);
insert into project_key_version (id, version) values (1, 0);

create table project_key_changes (
    version    bigint      not null primary key,
    project_id varchar(40) not null,
    changed_at bigint      not null
);
