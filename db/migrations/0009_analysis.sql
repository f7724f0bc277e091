-- Analysis (Art. 19(3), 27): what is excluded and why (Art. 6), a version of each consultation's data so that
-- computed findings are reused until new data arrives, and the findings computed.
create table analysis_exclusion (
    id               bigint generated always as identity primary key,
    consultation_id  bigint not null references consultation (id),
    opinion_id       bigint references opinion (id),
    response_id      bigint references response (id),
    reason           text not null check (char_length(reason) between 1 and 500),
    excluded_by      bigint references staff_user (id),
    excluded_by_name text not null,
    excluded_at      timestamptz not null default now(),
    lifted_by_name   text,
    lifted_at        timestamptz,
    constraint analysis_exclusion_one_subject check ((opinion_id is null) <> (response_id is null))
);
-- At most one standing exclusion per opinion or response; lifted ones stay as history.
create unique index analysis_exclusion_opinion_key on analysis_exclusion (opinion_id) where opinion_id is not null and lifted_at is null;
create unique index analysis_exclusion_response_key on analysis_exclusion (response_id) where response_id is not null and lifted_at is null;
create index analysis_exclusion_consultation_idx on analysis_exclusion (consultation_id);

-- Raised in the transaction of every change that alters findings: opinions, responses, exclusions, coding.
alter table consultation add column data_version bigint not null default 0;

create table findings_cache (
    consultation_id  bigint primary key references consultation (id),
    data_version     bigint not null,
    computed_at      timestamptz not null default now(),
    duration_ms      integer not null,
    findings         jsonb not null
);

-- Tokens for the read-only findings API, issued per staff user in Admin; only a hash is kept.
create table api_token (
    id               bigint generated always as identity primary key,
    staff_user_id    bigint not null references staff_user (id),
    name             text not null check (char_length(name) between 1 and 100),
    token_hash       bytea not null unique,
    created_at       timestamptz not null default now(),
    last_used_at     timestamptz,
    revoked_at       timestamptz
);
