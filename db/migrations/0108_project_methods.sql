-- Art. 16, 27: the methods log, one record per method used. Linked consultations and questionnaires appear in the
-- log by themselves (they are not copied here). A record may say which period it informs on (Art. 19(1)).
create table project_method (
    id                  bigint generated always as identity primary key,
    project_id          bigint not null references evaluation_project (id),
    method              text not null check (method in ('sampling_survey', 'online_survey', 'questionnaire', 'field_research',
                                                        'symposium', 'hearing', 'expert_consultation', 'case_file_review',
                                                        'comparative_analysis', 'individual_interview', 'group_interview')),
    held_on             date not null,
    place               text check (char_length(place) <= 200),
    participant_count   integer check (participant_count >= 0),
    participant_kinds   text check (char_length(participant_kinds) <= 200),
    period              text check (period in ('before', 'after')),
    summary             text not null check (char_length(summary) between 1 and 20000),
    recorded_by         bigint not null references staff_user (id),
    recorded_at         timestamptz not null
);
create index project_method_project_idx on project_method (project_id);
