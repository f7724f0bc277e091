-- Art. 12(2): the justice bureau may deem the evaluation of a normative document necessary, so its legal reviewers read
-- the register of normative documents (the decisions, read-only; 评估提醒), beyond their scope of staff_decisions (0307),
-- which keeps the consultations, opinions and projects hanging from a decision to those sent to legality review.
create function register_decisions(p_staff bigint) returns table (decision_id bigint)
language sql stable as $$
    select decision_id from staff_decisions(p_staff)
    union
    select d.id
    from decision d, staff_user s join department j on j.id = s.department_id
    where s.id = p_staff and s.is_active and s.role = 'legal_reviewer' and j.kind = 'justice_bureau'
      and d.kind = 'normative_document'
$$;
