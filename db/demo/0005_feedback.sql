-- Demo data for 跟踪反馈 (Art. 9, 11): the standing consultation of every demo decision in force (its window is the
-- decision's time in force, as FeedbackIntake.EnsureStandingConsultationAsync makes it), and five pieces of feedback
-- on the seed document over the last months, one of them with the standard suggested at intake, so that 决策库 and
-- Admin's 跟踪反馈 show something on a fresh run.
insert into consultation (decision_id, kind, title, description_md, opens_at, closes_at, state)
select d.id, 'standing', left(d.title, 200), '',
       d.effective_on::timestamp at time zone 'Asia/Shanghai',
       coalesce((d.valid_until + 1)::timestamp at time zone 'Asia/Shanghai', timestamptz '2999-12-31 00:00:00+08'),
       'open'
from decision d
where d.is_demo
on conflict (decision_id) where kind = 'standing' do nothing;

with seed as (
    select c.id as consultation_id from consultation c join decision d on d.id = c.decision_id
    where d.is_demo and c.kind = 'standing'
    order by d.id limit 1
),
feedback (receipt_number, region_code, body, days_ago) as (values
    ('FBDEM0000014', 'xinhualu', '办法规定的评估报告公开时间不够明确，建议明确公开的期限和渠道。', 95),
    ('FBDEM0000022', 'xihuanlu', '跟踪反馈的渠道应当长期开放，方便群众随时反映实施中的问题。', 62),
    ('FBDEM0000030', 'yongfenglu', '部分条款与上位法的表述不一致，建议核对法律依据。', 40),
    ('FBDEM000004Y', 'xinhualu', '评估机构的选择程序不够公开透明，建议细化委托第三方的条件。', 12),
    ('FBDEM000005W', 'xihuanlu', '希望评估结果能够及时反馈给提出意见的群众。', 3)
),
added as (
    insert into opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body, created_at)
    select s.consultation_id, f.receipt_number, 'online', 'citizen', f.region_code, f.body, now() - f.days_ago * interval '1 day'
    from seed s cross join feedback f
    on conflict do nothing
    returning id, consultation_id, body
)
insert into opinion_suggestion (opinion_id, criterion, matched_keywords, suggested_at)
select a.id, s.criterion, s.words, now()
from added a
join (values ('上位法', 'legality', array['上位法', '法律依据'])) as s (marker, criterion, words)
  on position(s.marker in a.body) > 0;

update consultation c set opinion_count = (select count(*) from opinion o where o.consultation_id = c.id)
where c.kind = 'standing' and c.decision_id in (select id from decision where is_demo);
