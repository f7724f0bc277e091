-- A questionnaire respondent's details (credit code, enterprise name) are erased on request (PIPL art. 47) like an
-- opinion's name and contact; the answers stay (Art. 6). personal_salt keys the digest of those fields in the intake
-- chain (a plain SHA-256 of a credit code could be reversed by trying the public register); it is erased with them,
-- so the digest left in the chain then reveals nothing.
alter table response add column personal_data_removed_at timestamptz;
alter table response add column personal_salt bytea default uuid_send(gen_random_uuid());
