-- Submitted responses and their answers. Answers are narrow rows indexed for aggregation; free text is apart.
create table questionnaire_invitation (
    id                  bigint generated always as identity primary key,
    questionnaire_id    bigint not null references questionnaire (id),
    name                text not null check (char_length(name) between 1 and 100),
    category            text not null check (category in ('npc_deputy', 'cppcc_member', 'expert', 'other')),
    token_hash          bytea not null unique,   -- sha-256 of the one-time link's token; the token is shown once
    created_at          timestamptz not null default now(),
    created_by          bigint references staff_user (id),
    used_at             timestamptz
);
create index questionnaire_invitation_questionnaire_idx on questionnaire_invitation (questionnaire_id);

create table response (
    id                  bigint generated always as identity primary key,
    questionnaire_id    bigint not null references questionnaire (id),
    version_id          bigint not null references questionnaire_version (id),
    receipt_number      text not null,
    respondent_type     text not null check (respondent_type in ('citizen', 'enterprise', 'organization')),
    region_code         text references region (code),
    -- Enterprise audience: the unified social credit code (GB 32100-2015) and what the enterprise says of itself.
    credit_code         text check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    enterprise_name     text check (char_length(enterprise_name) <= 200),
    industry            text,
    enterprise_size     text check (enterprise_size in ('large', 'medium', 'small', 'micro')),
    invitation_id       bigint references questionnaire_invitation (id),
    submitted_at        timestamptz not null,
    amended_at          timestamptz,
    constraint response_receipt_number_key unique (receipt_number),
    constraint response_enterprise_complete check (credit_code is null or (enterprise_name is not null and industry is not null and enterprise_size is not null))
);
-- One response per enterprise per questionnaire; one per invitation.
create unique index response_one_per_enterprise on response (questionnaire_id, credit_code) where credit_code is not null;
create unique index response_one_per_invitation on response (invitation_id) where invitation_id is not null;
create index response_questionnaire_idx on response (questionnaire_id, submitted_at);

-- code: the option chosen (choices, ranking), or the Likert point 1-5 with 0 for "don't know / not applicable";
-- value: a number answered, or the rank given to the option in `code`.
create table answer (
    response_id         bigint not null references response (id) on delete cascade,
    item_id             bigint not null references question_item (id),
    code                smallint not null default 0,
    value               numeric,
    primary key (response_id, item_id, code)
);
create index answer_item_idx on answer (item_id, code) include (value);

create table answer_text (
    response_id         bigint not null references response (id) on delete cascade,
    item_id             bigint not null references question_item (id),
    text                text not null check (char_length(text) between 1 and 5000),
    primary key (response_id, item_id)
);

-- Work in progress, kept on the server so that a closed page or a dropped connection loses nothing. The resume
-- code is shown to the respondent; only its hash is kept.
create table response_draft (
    id                  bigint generated always as identity primary key,
    questionnaire_id    bigint not null references questionnaire (id),
    version_id          bigint not null references questionnaire_version (id),
    resume_hash         bytea not null unique,
    respondent          jsonb not null default '{}',
    answers             jsonb not null default '{}',
    page                integer not null default 0,
    invitation_id       bigint references questionnaire_invitation (id),
    amends_response_id  bigint references response (id),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index response_draft_updated_idx on response_draft (updated_at);
