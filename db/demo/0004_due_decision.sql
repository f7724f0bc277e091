-- Demo data for 评估提醒 and 年度计划 (Art. 12, 13): a bureau's provisional measures whose validity ends four months
-- after the demo is loaded, so that the reminder of Art. 12(3) shows on a fresh run; and this year's annual plan, in
-- draft, with the seed document's evaluation as its item (the due decision is left for the page's one-click "加入").
insert into decision (title, document_number, kind, department_id, issuing_body, issued_on, effective_on, valid_until,
                      summary_md, full_text, is_demo)
values (
    '任丘市城市生活垃圾分类管理暂行办法',
    null,
    'normative_document',
    (select id from department where name = '任丘市住房和城乡建设局'),
    '任丘市人民政府办公室',
    (current_date + interval '4 months' - interval '2 years' - interval '10 days')::date,
    (current_date + interval '4 months' - interval '2 years')::date,
    (current_date + interval '4 months')::date,
    '规范城区生活垃圾的分类投放、分类收集、分类运输和分类处理，明确市住房和城乡建设局的监督管理职责。

本办法有效期两年。',
    $text$第一条 为加强城市生活垃圾分类管理，改善人居环境，制定本办法。
第二条 本办法适用于本市城区范围内生活垃圾的分类投放、收集、运输和处理及其监督管理活动。
第三条 市住房和城乡建设局负责本市城市生活垃圾分类的监督管理工作。
第四条 本办法自印发之日起施行，有效期两年。$text$,
    true
);

insert into annual_plan (year) values (extract(year from current_date)::int) on conflict (year) do nothing;

insert into annual_plan_item (plan_id, decision_id, scope, agency_department_id, planned_start, planned_end)
select p.id, d.id, 'whole', d.department_id, make_date(p.year, 3, 1), make_date(p.year, 11, 30)
from annual_plan p, decision d
where p.year = extract(year from current_date)::int and p.state = 'draft'
  and d.is_demo and d.title = '任丘市重大行政决策实施情况跟踪反馈和后评估办法（试行）'
on conflict on constraint annual_plan_item_once do nothing;
