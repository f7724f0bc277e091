-- Least privilege (issue 13): the sites do not connect as the owner of the tables. Three group roles, without login,
-- receive the grants each site needs (later scripts, and every script that adds a table, grant to them):
--   evaluation_portal  the public site
--   evaluation_admin   the staff site, the analysis and the CLI's day-to-day commands
--   evaluation_mail    the mail worker (e-mail intake and the outbox)
-- The login roles the sites use are members of these (./run.sh creates them with their own passwords; for an
-- operator's PostgreSQL see db/roles.sql). Roles belong to the cluster, so they are created only when missing:
-- the owner running the migrations needs CREATEROLE only if nobody created them before.
do $$
declare r text;
begin
    foreach r in array array['evaluation_portal', 'evaluation_admin', 'evaluation_mail'] loop
        if not exists (select from pg_roles where rolname = r) then
            execute format('create role %I nologin', r);
        end if;
    end loop;
end
$$;
