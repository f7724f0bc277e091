-- The legal basis of personal data differs per channel (PIPL Art. 13): on the online form it is the respondent's
-- consent to the notice; a letter's, a fax's or an e-mail's sender gives name and address to be answered, and staff
-- record them as given. The consent rule therefore holds for the online channel only.
alter table opinion drop constraint opinion_personal_data_needs_consent;
alter table opinion add constraint opinion_personal_data_needs_consent
    check (channel <> 'online' or (name is null and contact is null) or consent_at is not null);
