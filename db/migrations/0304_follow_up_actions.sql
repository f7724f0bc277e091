-- Art. 30-33: the follow-up actions a decision causes: what, which department, by when. That department's staff update
-- the status with evidence; an action ends done, or cancelled with a reason.
create table follow_up_action (
    id                  bigint generated always as identity primary key,
    project_id          bigint not null references evaluation_project (id),
    what                text not null check (char_length(what) between 1 and 2000),
    department_id       bigint not null references department (id),
    due_on              date not null,
    status              text not null default 'open' check (status in ('open', 'in_progress', 'done', 'cancelled')),
    cancel_reason       text check (char_length(cancel_reason) <= 2000),
    created_by          bigint not null references staff_user (id),
    created_at          timestamptz not null,
    finished_at         timestamptz,
    constraint follow_up_action_finished check ((status in ('done', 'cancelled')) = (finished_at is not null)),
    constraint follow_up_action_cancel_reason check (status <> 'cancelled' or coalesce(cancel_reason, '') <> '')
);
create index follow_up_action_project_idx on follow_up_action (project_id);
create index follow_up_action_department_idx on follow_up_action (department_id) where finished_at is null;

-- Each status update with its evidence (a note, possibly a file).
create table follow_up_update (
    id                  bigint generated always as identity primary key,
    action_id           bigint not null references follow_up_action (id),
    status              text not null check (status in ('open', 'in_progress', 'done', 'cancelled')),
    note                text not null check (char_length(note) between 1 and 5000),
    attachment_id       bigint references attachment (id),
    updated_by          bigint not null references staff_user (id),
    updated_at          timestamptz not null
);
create index follow_up_update_action_idx on follow_up_update (action_id);
