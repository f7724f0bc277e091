-- Art. 12(2): the city government office or the justice bureau deems an evaluation of a decision necessary, with a
-- reason. A mark can be withdrawn (kept, with who and when).
create table evaluation_necessity (
    id              bigint generated always as identity primary key,
    decision_id     bigint not null references decision (id),
    department_id   bigint not null references department (id),
    reason          text not null check (char_length(reason) between 1 and 1000),
    marked_by       bigint not null references staff_user (id),
    marked_at       timestamptz not null,
    withdrawn_at    timestamptz
);
create unique index evaluation_necessity_standing_key on evaluation_necessity (decision_id, department_id) where withdrawn_at is null;
