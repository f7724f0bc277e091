-- Art. 31-33: the department that carries out a follow-up action reports it done with evidence; the organizer (the city
-- government office, its 督查) accepts the report, and only then is the action done, or returns it with a reason (back
-- to in progress). A department asks for cancellation with a reason; only the organizer approves or refuses it. An
-- action that carries out the meeting's decision (修改, 废止, Art. 29) is cancelled only by a later decision: its
-- document number and date are recorded with the approval. Closing needs every action accepted or its cancellation
-- approved (decided_by).
alter table follow_up_action drop constraint follow_up_action_status_check;
alter table follow_up_action add constraint follow_up_action_status_check
    check (status in ('open', 'in_progress', 'reported', 'done', 'cancel_requested', 'cancelled'));
alter table follow_up_action
    add column carries_decision       boolean not null default false,
    add column decided_by             bigint references staff_user (id),
    add column later_decision_reference text check (char_length(later_decision_reference) between 1 and 200),
    add column later_decision_on      date,
    add constraint follow_up_action_later_decision check ((later_decision_reference is null) = (later_decision_on is null)),
    add constraint follow_up_action_cancel_request_reason check (status <> 'cancel_requested' or coalesce(cancel_reason, '') <> '');
comment on column follow_up_action.carries_decision is 'Art. 29: the action carries out the meeting''s decision (amend, repeal).';
comment on column follow_up_action.decided_by is 'Art. 31-33: the organizer who accepted the report or approved the cancellation.';

-- Before this, the department set done and managing staff cancelled on their own. In a project not yet closed such an
-- action now awaits the organizer: done becomes reported, cancelled becomes a request for cancellation.
update follow_up_action a set status = case a.status when 'done' then 'reported' else 'cancel_requested' end, finished_at = null
from evaluation_project p
where p.id = a.project_id and p.stage <> 'closed' and a.status in ('done', 'cancelled') and a.decided_by is null;

-- Each act of the history: the department's progress, report and cancellation request, the organizer's acceptance,
-- return, approval or refusal (null for the rows written before the acts were told apart). Acceptance and approval
-- may go without a note; every other act has one.
alter table follow_up_update drop constraint follow_up_update_status_check;
alter table follow_up_update add constraint follow_up_update_status_check
    check (status in ('open', 'in_progress', 'reported', 'done', 'cancel_requested', 'cancelled'));
alter table follow_up_update
    add column act text check (act in ('progress', 'report', 'accept', 'return', 'request_cancel', 'approve_cancel', 'refuse_cancel')),
    alter column note drop not null,
    add constraint follow_up_update_note check (note is not null or act in ('accept', 'approve_cancel'));
