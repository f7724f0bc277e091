-- Art. 7: the public results of a decided project, as a snapshot the Portal reads (it never computes findings).
-- Republishing makes a new version; the older one stays visible, marked superseded.
create table results_publication (
    id                  bigint generated always as identity primary key,
    project_id          bigint not null references evaluation_project (id),
    version             integer not null check (version > 0),
    snapshot            jsonb not null,
    published_by        bigint not null references staff_user (id),
    published_at        timestamptz not null,
    superseded_at       timestamptz,
    constraint results_publication_key unique (project_id, version)
);
create unique index results_publication_current on results_publication (project_id) where superseded_at is null;
