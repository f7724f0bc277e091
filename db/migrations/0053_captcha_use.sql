-- Proof-of-work captcha solutions already used: each may protect one submission only. Rows past their expiry are
-- purged (a solution past its expiry is refused anyway).
create table captcha_use (
    challenge   text primary key,
    expires_at  timestamptz not null,
    used_at     timestamptz not null default now()
);
create index captcha_use_expires_idx on captcha_use (expires_at);
