-- The ASP.NET Core Data Protection key ring, kept in the database so that Portal, Admin and any further instance
-- share it: Portal encrypts personal data that Admin decrypts, and cookies survive a restart or a second instance.
create table data_protection_key (
    id            bigint generated always as identity primary key,
    friendly_name text not null unique,
    xml           text not null,
    created_at    timestamptz not null default now()
);
