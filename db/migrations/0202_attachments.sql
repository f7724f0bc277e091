-- Files kept with a record (scans of letters, e-mail attachments; later project materials): the bytes in the
-- database with their SHA-256, so a backup holds everything and a changed file is detected. Types and size are
-- checked by the application (Attachments.Check) from the content, not from the name.
create table attachment (
    id            bigint generated always as identity primary key,
    file_name     text not null check (char_length(file_name) between 1 and 200),
    content_type  text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg')),
    size          integer not null check (size > 0),
    sha256        bytea not null check (length(sha256) = 32),
    content       bytea not null,
    created_at    timestamptz not null default now(),
    constraint attachment_size_matches check (length(content) = size)
);
