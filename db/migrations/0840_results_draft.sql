-- Art. 7, 30: the public results are published only after a person has seen them. Evaluation staff prepare a draft:
-- the exact snapshot that would be published (the Portal renders it as it will render the publication) with the
-- summary they wrote (plain text or Markdown, never HTML). Every opinion text in it is confirmed by a person, one by
-- one; then the organizer (政府办) approves, which publishes the snapshot as the next version. A draft that is
-- prepared again is set aside (never deleted), so who prepared and who confirmed what stays on record.
create table results_draft (
    id                  bigint generated always as identity primary key,
    project_id          bigint not null references evaluation_project (id),
    snapshot            jsonb not null,
    prepared_by         bigint not null references staff_user (id),
    prepared_at         timestamptz not null,
    set_aside_at        timestamptz,
    approved_by         bigint references staff_user (id),
    approved_at         timestamptz,
    version             integer,
    constraint results_draft_approval check ((approved_by is null) = (approved_at is null) and (approved_at is null) = (version is null)),
    constraint results_draft_closed_once check (approved_at is null or set_aside_at is null),
    -- Art. 7, 30: the organizer approves what someone else prepared.
    constraint results_draft_not_own check (approved_by is null or approved_by <> prepared_by),
    constraint results_draft_publication foreign key (project_id, version) references results_publication (project_id, version)
);
-- At most one open draft per project.
create unique index results_draft_open on results_draft (project_id) where set_aside_at is null and approved_at is null;

-- The opinion texts of a draft, in the order of the snapshot ("you said, we did", theme by theme): each confirmed by a
-- person who saw it. The text itself is in the snapshot; the opinion is named so the record says whose text it was.
create table results_draft_opinion (
    draft_id            bigint not null references results_draft (id),
    position            integer not null check (position > 0),
    opinion_id          bigint not null references opinion (id),
    confirmed_by        bigint references staff_user (id),
    confirmed_at        timestamptz,
    primary key (draft_id, position),
    constraint results_draft_opinion_confirmed check ((confirmed_by is null) = (confirmed_at is null))
);

grant select, insert, update on results_draft, results_draft_opinion to evaluation_admin;
