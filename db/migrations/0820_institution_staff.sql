-- Commissioned institutions (受委托评估机构, Art. 3, 18) get accounts of their own: a staff user of role
-- institution_staff names the institution it works for, as the projects name it (evaluation_project.commissioned_institution).
-- It has no department: it acts for no department of the city, only in the projects its institution is commissioned for.
alter table staff_user drop constraint staff_user_role_check;
alter table staff_user add constraint staff_user_role_check
    check (role in ('organizer', 'evaluation_staff', 'legal_reviewer', 'administrator', 'institution_staff'));
alter table staff_user add column institution text;
alter table staff_user add constraint staff_user_institution
    check ((role = 'institution_staff') = (coalesce(btrim(institution), '') <> ''));

-- Art. 19(3), issue 23: the conclusions are reviewed by a member of the team other than who drafted them: who last
-- generated them or changed a judgement of them (either change needs a new review).
alter table evaluation_project add column conclusions_drafted_by bigint references staff_user (id);

-- The scope (0110, 0307) gains the commissioned institutions: their staff see the decisions of the projects their institution is commissioned for, while the project is
--     not closed (access ends with the project), and of those decisions only those projects (staff_projects).
create or replace function staff_decisions(p_staff bigint) returns table (decision_id bigint)
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
                               where p.decision_id = d.id and m.staff_user_id = s.id and m.removed_at is null)))
           or (s.role = 'legal_reviewer'
               and exists (select 1 from evaluation_project p join legality_review r on r.project_id = p.id
                           where p.decision_id = d.id))
           or (s.role = 'institution_staff'
               and exists (select 1 from evaluation_project p
                           where p.decision_id = d.id and p.stage <> 'closed' and p.commissioned_institution = btrim(s.institution))))
$$;

create or replace function staff_projects(p_staff bigint) returns table (project_id bigint)
language sql stable as $$
    select p.id from evaluation_project p, staff_user s
    where s.id = p_staff
      and p.decision_id in (select decision_id from staff_decisions(p_staff))
      and (s.role <> 'institution_staff' or (p.commissioned_institution = btrim(s.institution) and p.stage <> 'closed'))
$$;
