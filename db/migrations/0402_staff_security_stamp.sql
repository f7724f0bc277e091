-- Sessions that end (ASVS 3.3): each account has a security stamp, copied into its sign-in cookie and compared on
-- every request. A new stamp ends every session of the account: on logout, and whenever its password, role or
-- activity changes (this trigger, so that no path that changes them can forget it).
alter table staff_user add column security_stamp uuid not null default gen_random_uuid();

create function staff_user_new_security_stamp() returns trigger language plpgsql as $$
begin
    if new.password_hash is distinct from old.password_hash or new.role is distinct from old.role
       or new.is_active is distinct from old.is_active then
        new.security_stamp := gen_random_uuid();
    end if;
    return new;
end;
$$;
create trigger staff_user_security_stamp before update on staff_user
    for each row execute function staff_user_new_security_stamp();
