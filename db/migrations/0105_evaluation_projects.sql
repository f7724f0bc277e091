-- An evaluation project (Art. 14, 17-20, 22-23, 26-27): the post-evaluation of one decision, run by an evaluation
-- agency (a department), possibly by a commissioned institution, through its stages.
create table evaluation_project (
    id                          bigint generated always as identity primary key,
    decision_id                 bigint not null references decision (id),
    plan_item_id                bigint unique references annual_plan_item (id),
    title                       text not null check (char_length(title) between 1 and 200),
    procedure                   text not null check (procedure in ('standard', 'simplified')),   -- Art. 22-23
    scope                       text not null check (scope in ('whole', 'partial')),              -- Art. 14
    parts                       text check (char_length(parts) <= 1000),
    agency_department_id        bigint not null references department (id),
    commissioned_institution    text check (char_length(commissioned_institution) <= 200),
    -- Art. 18: a commissioned institution's team and plan are approved by the agency.
    institution_approved_by     bigint references staff_user (id),
    institution_approved_at     timestamptz,
    survey_outline              text not null default '' check (char_length(survey_outline) <= 20000),
    stage                       text not null default 'preparation' check (stage in ('preparation', 'implementation', 'conclusion')),
    stage_changed_at            timestamptz not null default now(),
    -- Art. 19(3): the preliminary conclusions, generated from the findings (a snapshot) and reviewed by a team member.
    preliminary_conclusions     jsonb,
    conclusions_generated_at    timestamptz,
    conclusions_reviewed_by     bigint references staff_user (id),
    conclusions_reviewed_at     timestamptz,
    conclusions_review_note     text check (char_length(conclusions_review_note) <= 2000),
    created_by                  bigint references staff_user (id),
    created_at                  timestamptz not null default now(),
    constraint evaluation_project_parts_named check (scope = 'whole' or coalesce(parts, '') <> '')
);
create index evaluation_project_decision_idx on evaluation_project (decision_id);
create index evaluation_project_agency_idx on evaluation_project (agency_department_id);

-- The consultations (and with them their questionnaires) whose data the project evaluates.
create table project_consultation (
    project_id       bigint not null references evaluation_project (id),
    consultation_id  bigint not null references consultation (id),
    primary key (project_id, consultation_id)
);
