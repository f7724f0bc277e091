-- The legal reviewer (the justice bureau, Art. 24) sees the decisions whose project reports were sent to legality
-- review; everything else of the scope stays as in 0110.
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
                           where p.decision_id = d.id)))
$$;
