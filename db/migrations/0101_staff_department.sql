-- Staff belong to a department (a row of department instead of free text). Existing names become departments.
alter table staff_user add column department_id bigint references department (id);

insert into department (name, kind)
select distinct s.department, 'bureau' from staff_user s
where coalesce(s.department, '') <> '' and not exists (select 1 from department d where d.name = s.department);

update staff_user s set department_id = d.id from department d where d.name = s.department;
-- The organizer is the city government office (Art. 3).
update staff_user set department_id = (select id from department where kind = 'city_office')
where department_id is null and role = 'organizer';

alter table staff_user drop constraint staff_user_department_required;
alter table staff_user drop column department;
-- Evaluation agency staff and legal reviewers always act for a department (Art. 3).
alter table staff_user add constraint staff_user_department_required
    check (role not in ('evaluation_staff', 'legal_reviewer') or department_id is not null);
