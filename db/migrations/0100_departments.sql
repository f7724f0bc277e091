-- Departments (Art. 3, 10, 34, 35): the city government office (the organizer), the justice bureau (legality review),
-- the bureaus that propose and carry out decisions, and the townships, sub-districts and the development zone to which
-- the measures also apply. Staff belong to one; decisions have one; projects have one as evaluation agency.
create table department (
    id          bigint generated always as identity primary key,
    name        text not null unique check (char_length(name) between 1 and 100),
    kind        text not null check (kind in ('city_office', 'justice_bureau', 'bureau', 'township', 'sub_district', 'zone')),
    sort_order  integer not null default 1000,
    is_active   boolean not null default true
);

insert into department (name, kind, sort_order) values
    ('任丘市人民政府办公室', 'city_office', 10),
    ('任丘市司法局', 'justice_bureau', 20),
    ('任丘市发展和改革局', 'bureau', 100),
    ('任丘市教育局', 'bureau', 110),
    ('任丘市公安局', 'bureau', 120),
    ('任丘市民政局', 'bureau', 130),
    ('任丘市财政局', 'bureau', 140),
    ('任丘市人力资源和社会保障局', 'bureau', 150),
    ('任丘市自然资源和规划局', 'bureau', 160),
    ('任丘市住房和城乡建设局', 'bureau', 170),
    ('任丘市交通运输局', 'bureau', 180),
    ('任丘市农业农村局', 'bureau', 190),
    ('任丘市商务局', 'bureau', 200),
    ('任丘市卫生健康局', 'bureau', 210),
    ('任丘市应急管理局', 'bureau', 220),
    ('任丘市市场监督管理局', 'bureau', 230),
    ('任丘市行政审批局', 'bureau', 240),
    ('新华路街道办事处', 'sub_district', 300),
    ('西环路街道办事处', 'sub_district', 310),
    ('永丰路街道办事处', 'sub_district', 320),
    ('中华路街道办事处', 'sub_district', 330),
    ('出岸镇人民政府', 'township', 400),
    ('石门桥镇人民政府', 'township', 410),
    ('长丰镇人民政府', 'township', 420),
    ('青塔乡人民政府', 'township', 430),
    ('任丘经济开发区管理委员会', 'zone', 500);
