-- Art. 16, 19(3), 25, 27: what a method's record, an answered data request or an information item shows, as findings
-- the conclusions can rest on ("定性分析与定量分析相结合"): a sentence, the standards (Art. 15) or items (Art. 25) it
-- bears on, whether it supports the decision or raises a concern, and counts where the method has them (12 of 30 case
-- files, 3 of 4 speakers). A finding belongs to a project; its source is exactly one record. An information item
-- belongs to the decision, so its findings are recorded within a project of that decision (checked by the page).
create table evidence_finding (
    id                   bigint generated always as identity primary key,
    project_id           bigint not null references evaluation_project (id),
    method_id            bigint references project_method (id),
    data_request_id      bigint references data_request (id),
    information_item_id  bigint references information_item (id),
    statement            text not null check (char_length(statement) between 1 and 2000),
    direction            text not null check (direction in ('supports', 'concern')),
    numerator            integer check (numerator >= 0),
    denominator          integer check (denominator > 0),
    recorded_by          bigint not null references staff_user (id),
    recorded_at          timestamptz not null,
    updated_by           bigint references staff_user (id),
    updated_at           timestamptz,
    constraint evidence_finding_one_source check (num_nonnulls(method_id, data_request_id, information_item_id) = 1),
    constraint evidence_finding_counts check ((numerator is null) = (denominator is null) and (numerator is null or numerator <= denominator))
);
create index evidence_finding_project_idx on evidence_finding (project_id);
create index evidence_finding_method_idx on evidence_finding (method_id) where method_id is not null;
create index evidence_finding_request_idx on evidence_finding (data_request_id) where data_request_id is not null;
create index evidence_finding_item_idx on evidence_finding (information_item_id) where information_item_id is not null;

-- The standards or items a finding bears on (at least one, checked by the page), each a code of the criterion table.
create table evidence_finding_criterion (
    finding_id  bigint not null references evidence_finding (id) on delete cascade,
    criterion   text not null references criterion (code),
    primary key (finding_id, criterion)
);
create index evidence_finding_criterion_idx on evidence_finding_criterion (criterion);

-- Least privilege (0405, 0406): staff record and correct findings; nothing is deleted (a finding is corrected, and
-- its standards are replaced in the same transaction).
grant select, insert, update on evidence_finding to evaluation_admin;
grant select, insert, delete on evidence_finding_criterion to evaluation_admin;
