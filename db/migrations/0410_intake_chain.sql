-- Evidence integrity (Art. 4, 6; issue 13): every opinion and every questionnaire response, from every channel, is
-- chained by a background step (src/Shared/Chain/IntakeChain.cs, hosted by Admin) that writes links in small batches,
-- so the intake transactions are never serialized by the chain. One global chain; the canonical form is in
-- IntakeChain.cs and README.md.
--
-- intake_chain_pending: what waits to be chained. Filled by triggers on opinion and response (insert, and a
-- response's amendment), whatever wrote the row (the Portal, offline entry, the mail worker, the CLI, SQL). The
-- trigger functions are security definer, so the sites need no grant on the queue. queued_at is the row's own time
-- (created_at, submitted_at, amended_at): the lag is the age of the oldest waiting row.
create table intake_chain_pending (
    id          bigint generated always as identity primary key,
    kind        text not null check (kind in ('opinion', 'response')),
    row_id      bigint not null,
    queued_at   timestamptz not null
);

-- The links. Insert and select only: no site may update or delete one (grants below, and a trigger for the owner).
-- seq: 1, 2, 3 ... in the order the step chained them (a row that commits late gets a later position).
-- content_digest: SHA-256 of the row's canonical content; personal_digest: SHA-256 of its personal fields as stored
-- when it was chained (kept here so that correction, erasure and retention never break verification);
-- hash = SHA-256(prev_hash || canonical link record).
create table intake_chain (
    seq              bigint primary key check (seq > 0),
    kind             text not null check (kind in ('opinion', 'response')),
    row_id           bigint not null,
    content_digest   bytea not null check (length(content_digest) = 32),
    personal_digest  bytea not null check (length(personal_digest) = 32),
    prev_hash        bytea not null check (length(prev_hash) = 32),
    hash             bytea not null unique check (length(hash) = 32),
    chained_at       timestamptz not null
);
create index intake_chain_pending_row_idx on intake_chain_pending (kind, row_id);
create index intake_chain_row_idx on intake_chain (kind, row_id, seq);
create index intake_chain_chained_at_idx on intake_chain (chained_at);

-- The head published for each day (China Standard Time), written once by the step after the day ended.
create table intake_chain_day (
    day         date primary key,
    seq         bigint not null,
    head        bytea not null check (length(head) = 32),
    chained     bigint not null,
    written_at  timestamptz not null
);

create function intake_chain_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only (% refused)', tg_table_name, tg_op;
end;
$$;
create trigger intake_chain_no_update_or_delete before update or delete on intake_chain
    for each row execute function intake_chain_is_append_only();
create trigger intake_chain_no_truncate before truncate on intake_chain
    for each statement execute function intake_chain_is_append_only();
create trigger intake_chain_day_no_update_or_delete before update or delete on intake_chain_day
    for each row execute function intake_chain_is_append_only();
create trigger intake_chain_day_no_truncate before truncate on intake_chain_day
    for each statement execute function intake_chain_is_append_only();

create function intake_chain_queue_opinion() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
    insert into intake_chain_pending (kind, row_id, queued_at) values ('opinion', new.id, new.created_at);
    return null;
end;
$$;
create trigger opinion_queue_for_chain after insert on opinion
    for each row execute function intake_chain_queue_opinion();

-- An amendment replaces a response's answers: it is chained again as a new link (the latest link of a row is the one
-- compared with the row; the earlier ones stay in the chain).
create function intake_chain_queue_response() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
begin
    if tg_op = 'INSERT' or new.amended_at is distinct from old.amended_at then
        insert into intake_chain_pending (kind, row_id, queued_at) values ('response', new.id, coalesce(new.amended_at, new.submitted_at));
    end if;
    return null;
end;
$$;
create trigger response_queue_for_chain after insert or update of amended_at on response
    for each row execute function intake_chain_queue_response();
revoke all on function intake_chain_queue_opinion() from public;
revoke all on function intake_chain_queue_response() from public;

-- What was there before the chain is chained first, in the order it came in.
insert into intake_chain_pending (kind, row_id, queued_at)
select kind, id, at from (
    select 'opinion' as kind, id, created_at as at from opinion
    union all
    select 'response', id, coalesce(amended_at, submitted_at) from response
) r order by at, kind, id;

grant select, insert on intake_chain to evaluation_admin;
grant select, insert on intake_chain_day to evaluation_admin;
grant select, delete on intake_chain_pending to evaluation_admin;
grant select on intake_chain, intake_chain_day, intake_chain_pending to evaluation_portal;  -- the head, and what waits
