-- Two key rings (issue 13): 'shared' (personal data, the Portal's tokens) and 'admin' (the staff site's cookies and
-- tokens). The Portal's and the mail worker's roles see and add only shared keys, so a Portal key cannot mint a staff
-- cookie. The keys themselves are encrypted with a certificate kept outside the database (see KeyRing.cs).
alter table data_protection_key add column ring text not null default 'shared' check (ring in ('shared', 'admin'));
alter table data_protection_key drop constraint data_protection_key_friendly_name_key;
alter table data_protection_key add constraint data_protection_key_ring_friendly_name_key unique (ring, friendly_name);
alter table data_protection_key enable row level security;
create policy shared_ring_only on data_protection_key to evaluation_portal, evaluation_mail
    using (ring = 'shared') with check (ring = 'shared');
create policy every_ring on data_protection_key to evaluation_admin using (true) with check (true);
