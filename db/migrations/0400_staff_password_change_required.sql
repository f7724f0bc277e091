-- A password someone else has seen (generated for a new account, reset by an administrator or the CLI) is changed at
-- the next sign-in: until then every Admin page leads to the password change.
alter table staff_user add column must_change_password boolean not null default false;
