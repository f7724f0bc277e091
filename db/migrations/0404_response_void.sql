-- Enterprise squatting: credit codes are public, so anyone may answer first as enterprise X. Staff void such a response
-- (audited, with a reason): it leaves the analysis (an exclusion with that reason) and no longer holds the enterprise's
-- one place, so X can answer; its receipt no longer opens it. The row stays as evidence (Art. 6).
alter table response add column voided_at timestamptz;
alter table response add column voided_by bigint references staff_user (id);
alter table response add column void_reason text check (char_length(void_reason) <= 500);
alter table response add constraint response_void_complete check ((voided_at is null) = (voided_by is null) and (voided_at is null) = (void_reason is null));
drop index response_one_per_enterprise;
create unique index response_one_per_enterprise on response (questionnaire_id, credit_code) where credit_code is not null and voided_at is null;
