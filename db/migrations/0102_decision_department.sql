-- The department that proposed and carries out a decision; its evaluation staff see the decision (Art. 3).
alter table decision add column department_id bigint references department (id);
update decision set department_id = (select id from department where kind = 'city_office') where department_id is null;
alter table decision alter column department_id set not null;
create index decision_department_idx on decision (department_id);
