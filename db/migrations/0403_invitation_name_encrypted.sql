-- Invited respondents' names (NPC deputies, CPPCC members, experts) are personal data like the opinion contacts: stored
-- encrypted (PersonalData), shown masked unless the role answers respondents, never copied into the audit log, and
-- removed by the retention once the questionnaire's consultation has been closed for the retention period. The
-- ciphertext is longer than the name, so the length limit moves to the application.
alter table questionnaire_invitation drop constraint questionnaire_invitation_name_check;
alter table questionnaire_invitation alter column name drop not null;
alter table questionnaire_invitation add column personal_data_removed_at timestamptz;
alter table questionnaire_invitation add constraint questionnaire_invitation_named check (name is not null or personal_data_removed_at is not null);
comment on column questionnaire_invitation.name is 'encrypted (PersonalData); never plain text';
