-- Art. 18: the evaluation team. Members are staff, or outside people (NPC deputies, CPPCC members, legal and industry
-- experts) whose name and contact are personal data: encrypted by the application (Data Protection), shown masked,
-- revealed only by an audited action, and removed by the retention once the project no longer needs them.
create table project_member (
    id                          bigint generated always as identity primary key,
    project_id                  bigint not null references evaluation_project (id),
    staff_user_id               bigint references staff_user (id),
    member_kind                 text not null check (member_kind in ('staff', 'npc_deputy', 'cppcc_member', 'legal_expert',
                                                                     'industry_expert', 'institution_staff', 'other')),
    team_role                   text not null check (team_role in ('leader', 'member', 'expert')),
    name                        text,            -- encrypted; null for staff members (their name is their account's)
    contact                     text,            -- encrypted
    affiliation                 text check (char_length(affiliation) <= 200),
    personal_data_removed_at    timestamptz,
    added_at                    timestamptz not null default now(),
    removed_at                  timestamptz,
    constraint project_member_who check ((member_kind = 'staff') = (staff_user_id is not null)),
    constraint project_member_outside_named check (member_kind = 'staff' or name is not null or personal_data_removed_at is not null)
);
create unique index project_member_staff_key on project_member (project_id, staff_user_id) where staff_user_id is not null and removed_at is null;
create index project_member_staff_idx on project_member (staff_user_id) where staff_user_id is not null;
