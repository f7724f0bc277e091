-- Questionnaires (问卷, Art. 16, 18(3), 19(2), 23, 27(1)) belong to a consultation. Staff edit a working
-- definition; publishing freezes it as a numbered version whose questions, analysis items and options are rows,
-- so that answers point at them and analysis never parses JSON.
create table questionnaire (
    id                  bigint generated always as identity primary key,
    consultation_id     bigint not null references consultation (id),
    title               text not null check (char_length(title) between 1 and 200),
    intro_html          text not null default '',
    audience            text not null check (audience in ('public', 'enterprise', 'invited')),
    state               text not null default 'draft' check (state in ('draft', 'published', 'closed')),
    -- The working definition staff edit (sections, questions, conditions, tags); published versions are frozen.
    definition          jsonb not null default '{"sections": []}',
    has_unpublished     boolean not null default true,
    closed_at           timestamptz,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index questionnaire_consultation_idx on questionnaire (consultation_id);

create table questionnaire_version (
    id                  bigint generated always as identity primary key,
    questionnaire_id    bigint not null references questionnaire (id),
    number              integer not null check (number > 0),
    -- Frozen copy of the definition, used to render the version; analysis uses the rows below.
    definition          jsonb not null,
    published_at        timestamptz not null default now(),
    published_by        bigint references staff_user (id),
    constraint questionnaire_version_number_key unique (questionnaire_id, number)
);

alter table questionnaire add column current_version_id bigint references questionnaire_version (id);

create table question (
    id                  bigint generated always as identity primary key,
    version_id          bigint not null references questionnaire_version (id),
    key                 text not null,           -- stable across versions, e.g. q7
    section_key         text not null,
    position            integer not null,
    type                text not null check (type in ('single', 'multiple', 'likert', 'matrix', 'short_text', 'long_text',
                                                      'number', 'date', 'region', 'ranking')),
    text                text not null,
    required            boolean not null,
    constraint question_key_per_version unique (version_id, key)
);

-- The unit of analysis: a question, or one row of a matrix, tagged with an evaluation criterion (Art. 15's six
-- standards or Art. 25's seven items, by the decision's kind) and a period (before / after the decision, Art. 19(1)).
create table question_item (
    id                  bigint generated always as identity primary key,
    question_id         bigint not null references question (id),
    version_id          bigint not null references questionnaire_version (id),
    key                 text not null,           -- the question key, or question key + '.' + row key
    label               text not null,
    criterion           text check (criterion in ('legality', 'rationality', 'coordination', 'operability', 'normativity', 'effectiveness',
                                                  'purpose_achieved', 'cost_benefit', 'negative_effects', 'acceptance', 'economic_fit',
                                                  'near_and_long_term', 'lessons')),
    period              text check (period in ('before', 'after')),
    constraint question_item_key_per_version unique (version_id, key)
);
create index question_item_criterion_idx on question_item (criterion) where criterion is not null;

create table question_option (
    question_id         bigint not null references question (id),
    code                smallint not null check (code > 0),
    label               text not null,
    is_other            boolean not null default false,
    primary key (question_id, code)
);
