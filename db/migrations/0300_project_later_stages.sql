-- Art. 20, 24, 29-33: after its conclusions a project goes on through the report (conclusion stage), the justice
-- bureau's legality review, the executive meeting's decision and the follow-up actions it causes, and is closed only
-- when every follow-up action is done or cancelled with a reason.
alter table evaluation_project drop constraint evaluation_project_stage_check;
alter table evaluation_project add constraint evaluation_project_stage_check
    check (stage in ('preparation', 'implementation', 'conclusion', 'legality_review', 'deliberation', 'follow_up', 'closed'));
alter table evaluation_project add column closed_at timestamptz;
alter table evaluation_project add constraint evaluation_project_closed_at check ((stage = 'closed') = (closed_at is not null));
