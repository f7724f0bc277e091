-- Art. 29-33: after the legality review passed, the organizer records the executive meeting's (常务会议) deliberation:
-- its date and reference and what it decided, which may differ from the report's recommendation.
create table executive_decision (
    project_id          bigint primary key references evaluation_project (id),
    legality_review_id  bigint not null references legality_review (id),
    meeting_on          date not null,
    meeting_reference   text not null check (char_length(meeting_reference) between 1 and 200),
    outcome             text not null check (outcome in ('continue', 'amend', 'repeal', 'complete_systems', 'improve_enforcement',
                                                         'promote', 'adjust', 'terminate')),
    details             text not null check (char_length(details) between 1 and 20000),
    recorded_by         bigint not null references staff_user (id),
    recorded_at         timestamptz not null
);
