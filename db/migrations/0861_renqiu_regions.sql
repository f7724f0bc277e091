-- Art. 35: the townships, towns and sub-districts the measures apply to, as the regions a respondent names. The first
-- list (0003) lacked 鄚州镇, 苟各庄镇, 七间房乡, 城区 and 雁翎工业区, named 北辛庄 and 议论堡 towns though they are
-- townships (乡), and held four sub-districts that are not Renqiu's (中华路, 渤海路, 油建路, 会战道). The list below is
-- the one in DOMAIN.md: 城区 and three sub-districts, nine towns, six townships, the development zone and 雁翎工业区.
-- A region no longer on the list is retired, not deleted: opinions and responses that named it keep their region
-- (Art. 6: what was given is not changed afterwards), but no form offers it any more.
alter table region add column retired boolean not null default false;

update region set retired = true where code in ('zhonghualu', 'bohailu', 'youjianlu', 'huizhandao');
update region set name = '北辛庄乡', kind = 'township' where code = 'beixinzhuang';
update region set name = '议论堡乡', kind = 'township' where code = 'yilunbao';

insert into region (code, name, kind, sort_order) values
    ('chengqu',     '城区',       'sub_district', 5),
    ('mozhou',      '鄚州镇',     'town',         0),
    ('gougezhuang', '苟各庄镇',   'town',         0),
    ('qijianfang',  '七间房乡',   'township',     0),
    ('yanling',     '雁翎工业区', 'zone',         0);

-- The order of the official list: sub-districts, towns, townships, zones.
update region r set sort_order = o.sort_order
from (values ('xinhualu', 10), ('xihuanlu', 20), ('yongfenglu', 30),
             ('chuan', 110), ('shimenqiao', 120), ('lvgongbao', 130), ('changfeng', 140), ('mozhou', 150),
             ('gougezhuang', 160), ('liangzhao', 170), ('xinzhongyi', 180), ('majiawu', 190),
             ('beixinzhuang', 210), ('qijianfang', 220), ('qingta', 230), ('yilunbao', 240), ('beihan', 250), ('yucun', 260),
             ('kaifaqu', 310), ('yanling', 320),
             ('zhonghualu', 810), ('bohailu', 820), ('youjianlu', 830), ('huizhandao', 840)) as o (code, sort_order)
where r.code = o.code;
