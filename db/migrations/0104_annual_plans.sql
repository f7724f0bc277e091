-- Art. 13: the annual evaluation plan, proposed by the city government office with the departments and approved by
-- the government. Items added after approval are recorded amendments.
create table annual_plan (
    id                  bigint generated always as identity primary key,
    year                integer not null unique check (year between 2000 and 2100),
    state               text not null default 'draft' check (state in ('draft', 'submitted', 'approved')),
    submitted_at        timestamptz,
    approval_number     text check (char_length(approval_number) between 1 and 100),
    approved_on         date,
    created_at          timestamptz not null default now(),
    constraint annual_plan_approval_recorded check (state <> 'approved' or (approval_number is not null and approved_on is not null))
);

create table annual_plan_item (
    id                          bigint generated always as identity primary key,
    plan_id                     bigint not null references annual_plan (id),
    decision_id                 bigint not null references decision (id),
    scope                       text not null check (scope in ('whole', 'partial')),      -- Art. 14
    parts                       text check (char_length(parts) <= 1000),
    agency_department_id        bigint not null references department (id),
    commissioned_institution    text check (char_length(commissioned_institution) <= 200),
    planned_start               date not null,
    planned_end                 date not null,
    is_amendment                boolean not null default false,
    amendment_reason            text check (char_length(amendment_reason) <= 1000),
    created_at                  timestamptz not null default now(),
    constraint annual_plan_item_dates check (planned_end >= planned_start),
    constraint annual_plan_item_parts_named check (scope = 'whole' or coalesce(parts, '') <> ''),
    constraint annual_plan_item_amendment_reason check (not is_amendment or coalesce(amendment_reason, '') <> ''),
    constraint annual_plan_item_once unique (plan_id, decision_id)
);
