-- Staff accounts of the Admin site and the append-only audit log of every staff change.
create table staff_user (
    id                   bigint generated always as identity primary key,
    user_name            text not null,
    display_name         text not null,
    role                 text not null check (role in ('organizer', 'evaluation_staff', 'legal_reviewer', 'administrator')),
    department           text,
    password_hash        text not null,
    is_active            boolean not null default true,
    failed_login_count   integer not null default 0,
    locked_until         timestamptz,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    -- Evaluation agency staff always belong to a department (Art. 3: the proposing or executing department).
    constraint staff_user_department_required check (role <> 'evaluation_staff' or coalesce(department, '') <> '')
);
-- User names are unique without regard to case, as people type them.
create unique index staff_user_user_name_key on staff_user (lower(user_name));

create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor_id    bigint references staff_user (id),
    actor_name  text not null,
    action      text not null,
    entity      text not null,
    entity_id   text,
    before      jsonb,
    after       jsonb
);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_at_idx on audit_log (at desc);

-- Append-only: rows can be added, never changed or removed.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only (% refused)', tg_op;
end;
$$;
create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();
