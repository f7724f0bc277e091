-- The two tally sums (0500) as PL/pgSQL (issue 12): a SQL function that cannot be inlined is parsed and planned
-- again at every call, which made the count cost more than the rest of the consultation page's query. PL/pgSQL keeps
-- the plan of its statement for the session. Same arguments, same results, same grants.
create or replace function consultation_opinion_count(consultation_id bigint) returns bigint
language plpgsql stable as $$
begin
    return (select c.opinion_count + coalesce((select sum(t.opinions) from consultation_tally t where t.consultation_id = c.id), 0)::bigint
            from consultation c where c.id = consultation_opinion_count.consultation_id);
end
$$;

create or replace function consultation_data_version(consultation_id bigint) returns bigint
language plpgsql stable as $$
begin
    return (select c.data_version + coalesce((select sum(t.changes) from consultation_tally t where t.consultation_id = c.id), 0)::bigint
            from consultation c where c.id = consultation_data_version.consultation_id);
end
$$;
