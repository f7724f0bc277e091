-- Counting without a queue (issue 12): an opinion or a response no longer updates its consultation's row, on which
-- all submissions to one consultation waited for each other. Each transaction adds to one of 64 tally rows of its
-- consultation instead (the slot is its server process's number modulo 64, so the pool's connections seldom meet
-- on one row), in the same transaction as what it counts: a stored opinion is counted, a refused one adds nothing.
--   opinions  opinions added since this table exists (consultation.opinion_count holds those from before);
--   changes   changes that alter the findings (opinions, responses, exclusions, codings, keyword lists);
--             consultation.data_version + their sum is the findings' data version.
-- Read with consultation_opinion_count(id) and consultation_data_version(id): at most 64 rows, by primary key.
create table consultation_tally (
    consultation_id  bigint not null references consultation (id),
    slot             smallint not null check (slot between 0 and 63),
    opinions         bigint not null default 0,
    changes          bigint not null default 0,
    primary key (consultation_id, slot)
);

create function consultation_opinion_count(consultation_id bigint) returns bigint
language sql stable as $$
    select c.opinion_count + coalesce((select sum(t.opinions) from consultation_tally t where t.consultation_id = c.id), 0)::bigint
    from consultation c where c.id = consultation_opinion_count.consultation_id
$$;

create function consultation_data_version(consultation_id bigint) returns bigint
language sql stable as $$
    select c.data_version + coalesce((select sum(t.changes) from consultation_tally t where t.consultation_id = c.id), 0)::bigint
    from consultation c where c.id = consultation_data_version.consultation_id
$$;

grant select, insert, update on consultation_tally to evaluation_portal, evaluation_admin, evaluation_mail;
grant execute on function consultation_opinion_count(bigint), consultation_data_version(bigint)
    to evaluation_portal, evaluation_admin, evaluation_mail;
