-- Verified enterprises (issue 13, item 5): a questionnaire may require each enterprise to answer with an invitation code
-- issued to its credit code. Staff generate the codes for a list of enterprises and send them; only the code's hash is
-- kept (the codes are in the file exported when they were generated). A code answers once: the response of its credit
-- code marks it used (trigger below, whatever path stored the response).
alter table questionnaire add column enterprise_code_required boolean not null default false;

create table questionnaire_enterprise_code (
    id                bigint generated always as identity primary key,
    questionnaire_id  bigint not null references questionnaire (id),
    credit_code       text not null check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    enterprise_name   text not null check (char_length(enterprise_name) between 1 and 200),
    code_hash         bytea not null unique,
    created_at        timestamptz not null default now(),
    created_by        bigint references staff_user (id),
    used_at           timestamptz,
    response_id       bigint references response (id),
    constraint questionnaire_enterprise_code_one_per_enterprise unique (questionnaire_id, credit_code)
);

create function enterprise_code_mark_used() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
    update questionnaire_enterprise_code set used_at = new.submitted_at, response_id = new.id
    where questionnaire_id = new.questionnaire_id and credit_code = new.credit_code and used_at is null;
    return null;
end;
$$;
revoke all on function enterprise_code_mark_used() from public;
create trigger response_marks_enterprise_code_used after insert on response
    for each row when (new.credit_code is not null) execute function enterprise_code_mark_used();

grant select on questionnaire_enterprise_code to evaluation_portal;
grant select, insert, update on questionnaire_enterprise_code to evaluation_admin;
