-- Art. 24: a finalized report goes to the justice bureau for legality review. The reviewer's opinion: passed, passed
-- with changes (listed), or returned (with reasons; the project goes back to the conclusion stage). One review is open
-- per project at a time; the history stays.
create table legality_review (
    id                  bigint generated always as identity primary key,
    project_id          bigint not null references evaluation_project (id),
    report_version_id   bigint not null references report_version (id),
    sent_by             bigint not null references staff_user (id),
    sent_at             timestamptz not null,
    outcome             text check (outcome in ('passed', 'passed_with_changes', 'returned')),
    changes             text check (char_length(changes) <= 20000),
    reasons             text check (char_length(reasons) <= 20000),
    reviewed_by         bigint references staff_user (id),
    reviewed_at         timestamptz,
    constraint legality_review_outcome_complete check ((outcome is null) = (reviewed_at is null) and (outcome is null) = (reviewed_by is null)),
    constraint legality_review_changes_listed check (outcome is distinct from 'passed_with_changes' or coalesce(changes, '') <> ''),
    constraint legality_review_reasons_given check (outcome is distinct from 'returned' or coalesce(reasons, '') <> '')
);
create unique index legality_review_one_open on legality_review (project_id) where outcome is null;
create index legality_review_version_idx on legality_review (report_version_id);
