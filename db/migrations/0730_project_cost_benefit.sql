-- Art. 25(2), 27: the cost-benefit analysis of an evaluation project, as a structured table the findings and the
-- report read: each row a cost or a benefit with its amount in yuan, the period it covers (in words, or from/to dates)
-- and where the figure comes from. Kept by the project's staff while its data is open; edited and deleted with audit.
-- No personal data: items, sources and notes name budgets, accounts and statistics, not people.
create table project_cost_benefit (
    id           bigint generated always as identity primary key,
    project_id   bigint not null references evaluation_project (id),
    kind         text not null check (kind in ('cost', 'benefit')),
    item         text not null check (char_length(item) between 1 and 200),
    amount       numeric(16, 2) not null check (amount >= 0),
    period_text  text check (char_length(period_text) between 1 and 100),
    period_from  date,
    period_to    date,
    source       text not null check (char_length(source) between 1 and 200),
    note         text check (char_length(note) <= 2000),
    recorded_by  bigint not null references staff_user (id),
    recorded_at  timestamptz not null,
    updated_at   timestamptz,
    -- A figure without its period cannot be added up or compared: the period is given in words or as dates.
    constraint project_cost_benefit_period_given check (period_text is not null or period_from is not null),
    constraint project_cost_benefit_period_order check (period_to is null or period_from is not null and period_from <= period_to)
);
create index project_cost_benefit_project_idx on project_cost_benefit (project_id, kind, id);

grant select, insert, update, delete on project_cost_benefit to evaluation_admin;
