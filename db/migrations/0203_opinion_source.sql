-- How an opinion received offline (letter, telegram, fax, call, meeting) or by e-mail came in: when it was received,
-- the postmark date of a letter received after the window (it counts when the postmark is inside), the sender's
-- own reference (来信编号), who recorded it and when. Online opinions have no row here.
create table opinion_source (
    opinion_id        bigint primary key references opinion (id),
    received_on       date not null,
    postmark_on       date,
    sender_reference  text check (char_length(sender_reference) <= 100),
    meeting_title     text check (char_length(meeting_title) <= 200),
    entered_by        bigint references staff_user (id),
    entered_at        timestamptz not null default now(),
    constraint opinion_source_postmark_before_receipt check (postmark_on is null or postmark_on <= received_on)
);
create index opinion_source_reference_idx on opinion_source (sender_reference, received_on) where sender_reference is not null;

-- The scans of an offline opinion and the attachments of an e-mail opinion.
create table opinion_attachment (
    opinion_id     bigint not null references opinion (id),
    attachment_id  bigint not null references attachment (id),
    primary key (opinion_id, attachment_id)
);
