-- ASVS 7.1.x: the audit log says from where an act came: the client's address (as the site sees it, through trusted
-- proxies only) and its user agent. Null for acts of the system (background jobs, the CLI).
alter table audit_log add column client_address text check (char_length(client_address) <= 64);
alter table audit_log add column user_agent text check (char_length(user_agent) <= 500);
