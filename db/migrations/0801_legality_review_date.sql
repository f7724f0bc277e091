-- Art. 24: the date the justice bureau gave its opinion (as on its written opinion), which may precede the day it was
-- entered. The dates of a project's later stages are in order: report finalized ≤ review ≤ executive meeting ≤
-- follow-up due dates. Reviews recorded before this column keep the day they were entered.
alter table legality_review add column reviewed_on date;
update legality_review set reviewed_on = (reviewed_at at time zone 'Asia/Shanghai')::date where reviewed_at is not null;
alter table legality_review add constraint legality_review_reviewed_on_decided check (reviewed_on is null or reviewed_at is not null);
