-- Outgoing mail (receipts, staff replies), written in the transaction of what causes it and sent by the mail worker
-- over SMTP with retries. Each row is one message with one fixed Message-ID, so a retry never makes a second mail
-- the recipient can tell apart, and the server's answer is kept.
create table outbox_mail (
    id               bigint generated always as identity primary key,
    token            uuid not null default gen_random_uuid(),
    kind             text not null check (kind in ('receipt', 'reply')),
    -- encrypted (PersonalData)
    recipient        text,
    subject          text not null,
    body             text not null,
    in_reply_to      text,
    opinion_id       bigint references opinion (id),
    inbound_mail_id  bigint references inbound_mail (id),
    status           text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    server_response  text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz,
    constraint outbox_mail_token_key unique (token)
);
create index outbox_mail_due_idx on outbox_mail (next_attempt_at) where status = 'pending';
