-- The effective closing time of a consultation, in one place: the planned closing time, or earlier when staff closed
-- it by hand (closed_at). Every query reads ends_at instead of repeating least(closes_at, closed_at).
alter table consultation add column ends_at timestamptz generated always as (least(closes_at, closed_at)) stored;
