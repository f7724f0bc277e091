-- The database roles of Evaluation, for an operator's own PostgreSQL (./run.sh does this by itself on its private
-- cluster with `evaluation site-logins`). Run as a role with CREATEROLE, e.g.
--   psql -v portal_password=... -v admin_password=... -v mail_password=... -f db/roles.sql
-- then run the migrations as the owner and give each site its own connection string.
--
--   evaluation_owner     owns every table; used only by `evaluation migrate` and the CLI's setup commands
--                        (seed-demo, ensure-admin, reset-password, purge-personal-data). Not a superuser.
--   evaluation_portal    group role of the public site     } granted in db/migrations (0406 and every script
--   evaluation_admin     group role of the staff site      }  that adds a table); no site may alter a table,
--   evaluation_mail      group role of the mail worker     }  disable a trigger or change an audit row
--   evaluation_<site>_user   the login of each site, member of its group role only
create role evaluation_owner login;  -- give it a password of its own: \password evaluation_owner
create role evaluation_portal nologin;
create role evaluation_admin nologin;
create role evaluation_mail nologin;
create role evaluation_portal_user login password :'portal_password' in role evaluation_portal;
create role evaluation_admin_user login password :'admin_password' in role evaluation_admin;
create role evaluation_mail_user login password :'mail_password' in role evaluation_mail;
-- The database, owned by the owner role (its schema public is where the migrations create the tables):
--   create database evaluation owner evaluation_owner;
--   \c evaluation
--   alter schema public owner to evaluation_owner;
