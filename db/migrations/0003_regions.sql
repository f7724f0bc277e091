-- Townships, sub-districts and zones of Renqiu (Art. 35), the regions a respondent can name.
create table region (
    code        text primary key,
    name        text not null unique,
    kind        text not null check (kind in ('sub_district', 'town', 'township', 'zone', 'other')),
    sort_order  integer not null
);

insert into region (code, name, kind, sort_order) values
    ('xinhualu',    '新华路街道', 'sub_district', 10),
    ('xihuanlu',    '西环路街道', 'sub_district', 20),
    ('yongfenglu',  '永丰路街道', 'sub_district', 30),
    ('zhonghualu',  '中华路街道', 'sub_district', 40),
    ('bohailu',     '渤海路街道', 'sub_district', 50),
    ('youjianlu',   '油建路街道', 'sub_district', 60),
    ('huizhandao',  '会战道街道', 'sub_district', 70),
    ('chuan',       '出岸镇',     'town',         110),
    ('shimenqiao',  '石门桥镇',   'town',         120),
    ('lvgongbao',   '吕公堡镇',   'town',         130),
    ('changfeng',   '长丰镇',     'town',         140),
    ('liangzhao',   '梁召镇',     'town',         150),
    ('xinzhongyi',  '辛中驿镇',   'town',         160),
    ('majiawu',     '麻家坞镇',   'town',         170),
    ('beixinzhuang','北辛庄镇',   'town',         180),
    ('yilunbao',    '议论堡镇',   'town',         190),
    ('qingta',      '青塔乡',     'township',     210),
    ('beihan',      '北汉乡',     'township',     220),
    ('yucun',       '于村乡',     'township',     230),
    ('kaifaqu',     '任丘经济开发区', 'zone',     310),
    ('other',       '其他地区（市外）', 'other',  900);
