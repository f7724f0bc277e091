-- Who sees what in Admin (Art. 3), in one place that every Admin query calls: the decisions a staff user may see,
-- and with them their consultations, opinions, questionnaires, responses, findings and projects.
--   organizer (the city government office) and administrator: every decision;
--   evaluation staff: the decisions of their own department, and those of projects their department runs as
--     evaluation agency or that they are a member of;
--   legal reviewer: nothing by department; the reports sent to them come with the review stage.
create function staff_decisions(p_staff bigint) returns table (decision_id bigint)
language sql stable as $$
    select d.id
    from decision d, staff_user s
    where s.id = p_staff and s.is_active
      and (s.role in ('organizer', 'administrator')
           or (s.role = 'evaluation_staff'
               and (d.department_id = s.department_id
                    or exists (select 1 from evaluation_project p
                               where p.decision_id = d.id and p.agency_department_id = s.department_id)
                    or exists (select 1 from evaluation_project p join project_member m on m.project_id = p.id
                               where p.decision_id = d.id and m.staff_user_id = s.id and m.removed_at is null))))
$$;

-- The projects a staff user may see: those of visible decisions.
create function staff_projects(p_staff bigint) returns table (project_id bigint)
language sql stable as $$
    select p.id from evaluation_project p where p.decision_id in (select decision_id from staff_decisions(p_staff))
$$;
