-- Art. 7, 30: a published version can be withdrawn by the organizer (政府办), with the reason on record. The Portal
-- then says that the version was withdrawn, when and why, and no longer shows its content; a new version can be
-- prepared and approved as before.
alter table results_publication
    add column withdrawn_by      bigint references staff_user (id),
    add column withdrawn_at      timestamptz,
    add column withdrawal_reason text,
    add constraint results_publication_withdrawal check (
        (withdrawn_by is null) = (withdrawn_at is null) and (withdrawn_at is null) = (withdrawal_reason is null)),
    add constraint results_publication_withdrawal_reason check (char_length(withdrawal_reason) between 5 and 1000);

grant update (withdrawn_by, withdrawn_at, withdrawal_reason) on results_publication to evaluation_admin;
