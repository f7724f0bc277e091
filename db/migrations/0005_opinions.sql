-- Opinions (意见) from every channel of Art. 8 in one stream; online is the first channel built.
create table opinion (
    id               bigint generated always as identity primary key,
    consultation_id  bigint not null references consultation (id),
    receipt_number   text not null,
    channel          text not null check (channel in ('online', 'letter', 'telegram', 'fax', 'email', 'phone', 'meeting')),
    respondent_type  text not null check (respondent_type in ('citizen', 'enterprise', 'organization')),
    name             text check (char_length(name) <= 100),
    contact          text check (char_length(contact) <= 254),
    region_code      text not null references region (code),
    body             text not null check (char_length(body) between 1 and 5000),
    consent_at       timestamptz,
    status           text not null default 'received' check (status in ('received', 'in_review', 'replied')),
    reply            text check (char_length(reply) <= 5000),
    replied_at       timestamptz,
    created_at       timestamptz not null default now(),
    constraint opinion_receipt_number_key unique (receipt_number),
    -- Personal data is kept only with the respondent's consent to the notice (PIPL; Art. 7).
    constraint opinion_personal_data_needs_consent check ((name is null and contact is null) or consent_at is not null),
    constraint opinion_reply_has_time check ((reply is null) = (replied_at is null))
);
create index opinion_consultation_created_idx on opinion (consultation_id, created_at desc, id desc);
create index opinion_consultation_type_idx on opinion (consultation_id, respondent_type);
create index opinion_consultation_region_idx on opinion (consultation_id, region_code);
