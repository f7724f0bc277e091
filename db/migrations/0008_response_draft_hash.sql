-- The draft a response was submitted from: a retried or double-clicked submission finds the response it already
-- made and shows the same receipt.
alter table response add column draft_hash bytea;
create unique index response_draft_hash_key on response (draft_hash) where draft_hash is not null;
