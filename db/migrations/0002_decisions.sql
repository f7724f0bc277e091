-- The register of major administrative decisions (Art. 2, 12): normative documents and other decision matters.
create table decision (
    id                 bigint generated always as identity primary key,
    title              text not null check (char_length(title) between 1 and 200),
    document_number    text check (char_length(document_number) <= 100),
    kind               text not null check (kind in ('normative_document', 'other_matter')),
    issuing_body       text not null check (char_length(issuing_body) between 1 and 200),
    issued_on          date not null,
    effective_on       date not null,
    valid_until        date,
    summary_html       text not null default '',
    full_text          text not null default '',
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint decision_effective_after_issue check (effective_on >= issued_on),
    constraint decision_valid_until_after_effective check (valid_until is null or valid_until >= effective_on)
);
create unique index decision_document_number_key on decision (document_number) where document_number is not null;
