-- The files of an evaluation project: kept with a record of its methods log or with the answer to a data request,
-- each with a confidentiality mark (Art. 7) that decides what may ever be published: public, internal, state secret,
-- commercial secret, personal information.
create table project_attachment (
    attachment_id     bigint primary key references attachment (id),
    project_id        bigint not null references evaluation_project (id),
    method_id         bigint references project_method (id),
    data_request_id   bigint references data_request (id),
    confidentiality   text not null check (confidentiality in ('public', 'internal', 'state_secret', 'commercial_secret', 'personal')),
    added_by          bigint not null references staff_user (id),
    added_at          timestamptz not null,
    constraint project_attachment_one_record check ((method_id is null) <> (data_request_id is null))
);
create index project_attachment_project_idx on project_attachment (project_id);
