-- A consultation (征求意见) collects the public's opinions on one decision within a window (Art. 6, 8, 22).
create table consultation (
    id                bigint generated always as identity primary key,
    decision_id       bigint not null references decision (id),
    title             text not null check (char_length(title) between 1 and 200),
    description_html  text not null default '',
    opens_at          timestamptz not null,
    closes_at         timestamptz not null,
    state             text not null default 'draft' check (state in ('draft', 'open', 'closed')),
    -- Kept in the same transaction as each opinion, so that showing the count never scans the opinions.
    opinion_count     integer not null default 0 check (opinion_count >= 0),
    closed_at         timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint consultation_window check (closes_at > opens_at)
);
create index consultation_decision_idx on consultation (decision_id);
create index consultation_public_idx on consultation (state, closes_at desc) where state <> 'draft';
