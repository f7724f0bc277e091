-- Art. 18, 26: the evaluation plan, in structured fields; every saved version is kept, the newest is current.
create table project_plan_version (
    id                      bigint generated always as identity primary key,
    project_id              bigint not null references evaluation_project (id),
    number                  integer not null,
    purpose                 text not null default '',
    object_and_content      text not null default '',
    standards_and_methods   text not null default '',
    steps_and_schedule      text not null default '',
    starts_on               date,
    ends_on                 date,
    budget                  text not null default '',
    organization            text not null default '',
    saved_by                bigint not null references staff_user (id),
    saved_at                timestamptz not null,
    constraint project_plan_version_number unique (project_id, number),
    constraint project_plan_version_dates check (ends_on is null or starts_on is null or ends_on >= starts_on)
);
