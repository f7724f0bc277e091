-- Every message read from the intake mailbox, exactly once: message_key is the Message-ID (or, without one, the
-- SHA-256 of the raw message) and unique, and the row is committed, with the opinion it became, before the message
-- is flagged in the mailbox. A message seen again after a crash finds its row and is only flagged.
create table inbound_mail (
    id               bigint generated always as identity primary key,
    message_key      text not null check (char_length(message_key) <= 1000),
    received_at      timestamptz not null,
    read_at          timestamptz not null default now(),
    -- encrypted (PersonalData): the sender's address and display name
    sender           text,
    sender_name      text,
    -- SHA-256 of the lower-cased address, for the per-sender limit without decrypting
    sender_hash      text,
    subject          text not null default '',
    body             text not null default '',
    in_reply_to      text,
    -- opinion: became an opinion; waiting: no consultation found (待分派); held: over the per-sender limit;
    -- ignored: an automatic message (bounce, auto-reply), never answered; refused: too large or unreadable;
    -- dismissed: staff decided it is no opinion, with the reason.
    status           text not null check (status in ('opinion', 'waiting', 'held', 'ignored', 'refused', 'dismissed')),
    reason           text,
    consultation_id  bigint references consultation (id),
    opinion_id       bigint references opinion (id),
    rejected_files   text[] not null default '{}',
    handled_by       bigint references staff_user (id),
    handled_at       timestamptz,
    personal_data_removed_at timestamptz,
    constraint inbound_mail_message_key_key unique (message_key),
    constraint inbound_mail_opinion_when_accepted check ((status = 'opinion') = (opinion_id is not null))
);
create index inbound_mail_queue_idx on inbound_mail (received_at) where status in ('waiting', 'held');
create index inbound_mail_sender_idx on inbound_mail (sender_hash, received_at);

-- Attachments of a waiting message, kept until staff assign it (then they go with the opinion).
create table inbound_mail_attachment (
    inbound_mail_id  bigint not null references inbound_mail (id),
    attachment_id    bigint not null references attachment (id),
    primary key (inbound_mail_id, attachment_id)
);
