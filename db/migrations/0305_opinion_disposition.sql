-- Art. 7 ("you said, we did"): what became of each opinion of a project's consultations, with a short public reason,
-- and the text as it may be published: personal data (ID-card, phone, e-mail, bank card numbers) masked automatically,
-- more masked by hand. The unredacted body stays in opinion.body, in Admin only.
create table opinion_disposition (
    opinion_id          bigint primary key references opinion (id),
    disposition         text not null check (disposition in ('adopted', 'partly_adopted', 'not_adopted', 'out_of_scope', 'noted')),
    reason              text not null check (char_length(reason) between 1 and 500),
    redacted_body       text not null check (char_length(redacted_body) between 1 and 5000),
    set_by              bigint not null references staff_user (id),
    set_at              timestamptz not null
);
