-- Art. 9: feedback is classified as it comes. The criterion suggested from the keyword lists when an opinion was
-- taken in, and the keywords that made it; staff confirm or change it in opinion_coding. No row: no keyword matched.
create table opinion_suggestion (
    opinion_id        bigint primary key references opinion (id),
    criterion         text not null references criterion (code),
    matched_keywords  text[] not null,
    suggested_at      timestamptz not null
);
