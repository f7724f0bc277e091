-- Art. 10: a project asks a department for materials and data by a deadline; that department's staff answer.
create table data_request (
    id                  bigint generated always as identity primary key,
    project_id          bigint not null references evaluation_project (id),
    department_id       bigint not null references department (id),
    subject             text not null check (char_length(subject) between 1 and 200),
    details             text not null check (char_length(details) between 1 and 5000),
    due_on              date not null,
    requested_by        bigint not null references staff_user (id),
    requested_at        timestamptz not null,
    answer              text check (char_length(answer) <= 20000),
    answered_by         bigint references staff_user (id),
    answered_at         timestamptz
);
create index data_request_department_idx on data_request (department_id) where answered_at is null;
create index data_request_project_idx on data_request (project_id);
