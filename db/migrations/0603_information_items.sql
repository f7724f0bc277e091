-- The evaluation information collection system (Art. 9, 10): what evaluators keep on a decision besides opinions,
-- each with its source, date, kind, classification (Art. 15 standard or Art. 25 item) and confidentiality (Art. 7).
create table information_item (
    id               bigint generated always as identity primary key,
    decision_id      bigint not null references decision (id),
    kind             text not null check (kind in ('enforcement_statistics', 'reconsideration_case', 'litigation_case',
                                                   'hotline_complaint', 'inspection_finding', 'press_report', 'other')),
    title            text not null check (char_length(title) between 1 and 200),
    source           text not null check (char_length(source) between 1 and 200),
    occurred_on      date not null,
    body             text not null default '' check (char_length(body) <= 20000),
    criterion        text references criterion (code),
    confidentiality  text not null check (confidentiality in ('public', 'internal', 'state_secret', 'commercial_secret', 'personal')),
    import_id        bigint references information_import (id),
    created_by       bigint not null references staff_user (id),
    created_at       timestamptz not null
);
create index information_item_decision_idx on information_item (decision_id, occurred_on);
