-- Demo data is marked as such, so code finds it by the mark (not by its Chinese titles) and it can be told apart
-- from real decisions in Admin and removed before real use.
alter table decision add column is_demo boolean not null default false;
