-- A letter or an e-mail often does not say where its sender lives: such opinions are recorded as "not stated"
-- rather than guessed. The online form does not offer this region (RegionDirectory leaves it out).
alter table region drop constraint region_kind_check;
alter table region add constraint region_kind_check check (kind in ('sub_district', 'town', 'township', 'zone', 'other', 'unspecified'));
insert into region (code, name, kind, sort_order) values ('unspecified', '未注明', 'unspecified', 990);
