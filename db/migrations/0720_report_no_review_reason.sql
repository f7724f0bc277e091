-- Art. 20: a report of the standard procedure is finalized after the experts' review (论证). A version finalized
-- without any report_expert_review record keeps the reason why none was held; the report states it and the audit
-- log records it. A simplified procedure (Art. 22, 23) needs neither.
alter table report_version add column no_review_reason text check (char_length(no_review_reason) between 1 and 5000);
alter table report_version add constraint report_version_no_review_reason_finalized
    check (no_review_reason is null or finalized_at is not null);
