-- Art. 24: a legality review passed with changes lists them as a checklist, one row per change. The agency answers
-- each in a new finalized report version (answered_version_id), marking it done with a note; only when every change
-- of the review is answered does the project go to deliberation, and the executive meeting then deliberates on that
-- version (legality_review.revised_version_id). The reviewer reads the answers beside the changes. No personal data.
create table legality_change (
    id                  bigint generated always as identity primary key,
    review_id           bigint not null references legality_review (id),
    position            integer not null check (position > 0),
    change              text not null check (char_length(change) between 1 and 5000),
    answered_version_id bigint references report_version (id),
    note                text check (char_length(note) between 1 and 5000),
    answered_by         bigint references staff_user (id),
    answered_at         timestamptz,
    constraint legality_change_position unique (review_id, position),
    constraint legality_change_answer_complete check ((answered_at is null) = (note is null)
        and (answered_at is null) = (answered_by is null) and (answered_at is null) = (answered_version_id is null))
);

alter table legality_review add column revised_version_id bigint references report_version (id);
alter table legality_review add constraint legality_review_revised_after_changes
    check (revised_version_id is null or outcome = 'passed_with_changes');

-- The staff site records and answers the changes; rows are never deleted (the record of the review stays).
grant select, insert, update on legality_change to evaluation_admin;
