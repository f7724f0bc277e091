-- A one-time token per opinion form: a double click or a retried POST carries the same token, and the unique
-- constraint lets only one of them store an opinion; the others are shown its receipt.
alter table opinion add column submission_token uuid;
alter table opinion add constraint opinion_submission_token_key unique (submission_token);
