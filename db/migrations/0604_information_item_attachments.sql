-- The files of an information item (a judgment, an inspection report, a press clipping), checked and kept as the
-- other attachments are.
create table information_item_attachment (
    information_item_id  bigint not null references information_item (id),
    attachment_id        bigint not null references attachment (id),
    primary key (information_item_id, attachment_id)
);
