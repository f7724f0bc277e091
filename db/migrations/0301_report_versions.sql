-- Art. 20, 21, 28: the evaluation report, drafted in Admin from the project's data. Every saved draft is a version;
-- finalizing freezes a version (its content hash is stored; a later edit makes a new version).
--   form: 'normative_document' (Art. 21: basic facts; implementation and institutional design per standard;
--         conclusions and recommendations; other matters) or 'other_matter' (Art. 28: effect, efficiency and benefit,
--         basis, problems and remedies, recommendation).
--   content: the parts' prose as the evaluators wrote it.
--   figures: every figure the draft was pre-filled with (key → value and where it comes from), as of saved_at, so a
--            figure whose data changed since is flagged.
create table report_version (
    id              bigint generated always as identity primary key,
    project_id      bigint not null references evaluation_project (id),
    version         integer not null check (version > 0),
    form            text not null check (form in ('normative_document', 'other_matter')),
    content         jsonb not null,
    figures         jsonb not null,
    saved_by        bigint not null references staff_user (id),
    saved_at        timestamptz not null,
    finalized_by    bigint references staff_user (id),
    finalized_at    timestamptz,
    content_hash    bytea check (length(content_hash) = 32),     -- SHA-256 of the canonical content, set on finalizing
    constraint report_version_key unique (project_id, version),
    constraint report_version_finalized check ((finalized_at is null) = (content_hash is null) and (finalized_at is null) = (finalized_by is null))
);

-- The structured recommendations of a version (Art. 29-33), in order, each with its reasoning and, for an action,
-- the department that should act.
create table report_recommendation (
    report_version_id   bigint not null references report_version (id),
    position            integer not null check (position > 0),
    kind                text not null check (kind in ('continue', 'amend', 'repeal', 'complete_systems', 'improve_enforcement',
                                                      'promote', 'adjust', 'terminate')),
    reasoning           text not null check (char_length(reasoning) between 1 and 5000),
    department_id       bigint references department (id),
    primary key (report_version_id, position)
);

-- Art. 20 (论证): experts' comments on a version. The reviewer is a member of the project team (an expert or any
-- member), so no new personal data is kept here.
create table report_expert_review (
    id                  bigint generated always as identity primary key,
    report_version_id   bigint not null references report_version (id),
    project_member_id   bigint not null references project_member (id),
    reviewed_on         date not null,
    comments            text not null check (char_length(comments) between 1 and 20000),
    recorded_by         bigint not null references staff_user (id),
    recorded_at         timestamptz not null
);
create index report_expert_review_version_idx on report_expert_review (report_version_id);
