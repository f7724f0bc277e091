-- Name and contact are stored encrypted (Data Protection, base64url): the ciphertext is longer than the text, so the
-- length limits move to the application (OpinionRules). The consent rule stays: it only looks at null or not null.
alter table opinion drop constraint opinion_name_check;
alter table opinion drop constraint opinion_contact_check;
comment on column opinion.name is 'encrypted (PersonalData); never plain text';
comment on column opinion.contact is 'encrypted (PersonalData); never plain text';
-- Set when the retention period removed name and contact (the opinion itself stays, Art. 6).
alter table opinion add column personal_data_removed_at timestamptz;
