-- Bulk imports of information items (CSV, XLSX from the 12345 hotline and the case systems): the file as uploaded,
-- kept while it is previewed and after it is stored, so that the same file imported twice is recognised by its hash.
create table information_import (
    id           bigint generated always as identity primary key,
    decision_id  bigint not null references decision (id),
    file_name    text not null check (char_length(file_name) between 1 and 200),
    sha256       bytea not null check (length(sha256) = 32),
    content      bytea not null,
    row_count    integer not null check (row_count >= 0),
    stored_rows  integer,
    uploaded_by  bigint not null references staff_user (id),
    uploaded_at  timestamptz not null,
    stored_at    timestamptz
);
create index information_import_file_idx on information_import (decision_id, sha256);
