-- Demo data for the public results (Art. 7, 20-33): a second demo decision, a matter other than a normative document
-- (Art. 25-29), whose evaluation is finished: the opinions of its post-evaluation consultation, closed months ago,
-- that the evaluation project, report, review, decision, follow-ups and dispositions (src/Cli/DemoResults.cs) build on.
-- Some opinions carry a phone number, an ID-card number or an e-mail address in their text, as people write them, so
-- that the redaction of the published texts shows; four near-identical ones form a campaign group.
insert into decision (title, document_number, kind, department_id, issuing_body, issued_on, effective_on, summary_md,
                      full_text, is_demo)
values (
    '任丘市城镇老旧小区改造工作实施方案',
    '任政办发〔2023〕8号',
    'other_matter',
    (select id from department where name = '任丘市住房和城乡建设局'),
    '任丘市人民政府办公室',
    date '2023-03-01',
    date '2023-04-01',
    '对城区2000年以前建成的老旧小区实施基础类、完善类和提升类改造，明确改造内容、资金筹措、组织实施和长效管理。',
    $text$一、改造范围：城区2000年底前建成、失养失修失管的住宅小区。
二、改造内容：水电气暖及雨污管网等基础设施，加装电梯、停车设施、充电设施等完善类设施，社区服务设施。
三、资金筹措：政府补助、居民出资、社会资本参与相结合。
四、组织实施：市住房和城乡建设局牵头，街道办事处和社区居委会组织居民参与方案制定和工程验收。
五、长效管理：改造完成的小区同步建立物业管理或社区管理机制。$text$,
    true
);

insert into consultation (decision_id, kind, title, description_md, opens_at, closes_at, state, closed_at)
select id, 'window', '《任丘市城镇老旧小区改造工作实施方案》实施效果评估意见征集',
       '为评估老旧小区改造工作的实施效果，现向社会公开征求意见。',
       now() - interval '200 days', now() - interval '170 days', 'closed', now() - interval '170 days'
from decision where title = '任丘市城镇老旧小区改造工作实施方案' and is_demo;

insert into opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body, created_at)
select c.id, o.receipt_number, o.channel, o.respondent_type, o.region_code, o.body, now() - o.days_ago * interval '1 day'
from consultation c join decision d on d.id = c.decision_id
cross join (values
    ('RSDEM0000013', 'xinhualu', 'citizen', 'online', '改造后小区的雨污管网分流效果明显，雨天不再积水，希望这项工作继续推广到更多小区。', 190),
    ('RSDEM0000021', 'xihuanlu', 'citizen', 'online', '加装电梯的费用分摊办法不够明确，低楼层住户意见较大，建议出台统一的分摊指导标准。', 189),
    ('RSDEM000003Z', 'yongfenglu', 'citizen', 'online', '小区停车位严重不足，改造时应当同步规划停车设施。', 188),
    ('RSDEM000004X', 'yongfenglu', 'citizen', 'online', '小区停车位严重不足，改造时应当同步规划停车设施！', 188),
    ('RSDEM000005V', 'yongfenglu', 'citizen', 'online', '小区停车位严重不足，改造时应当同步规划停车设施。', 187),
    ('RSDEM000006S', 'zhonghualu', 'citizen', 'online', '小区停车位严重不足 改造时应当同步规划停车设施', 187),
    ('RSDEM000007Q', 'bohailu', 'citizen', 'letter', '施工期间噪声扰民，夜间仍有施工，希望加强监管。如需核实请联系我，电话13812345678。', 186),
    ('RSDEM000008N', 'youjianlu', 'citizen', 'online', '改造资金的使用情况没有公开，建议在小区公示栏公布每项工程的预算和决算。', 185),
    ('RSDEM000009K', 'huizhandao', 'enterprise', 'online', '作为参与施工的企业，我们认为招标文件对工期的要求过紧，影响工程质量，建议合理确定工期。', 184),
    ('RSDEM0000104', 'xinhualu', 'organization', 'online', '社区居委会反映，改造方案征求居民意见的时间太短，部分老年居民未能参与，建议延长公示期并上门征求意见。', 183),
    ('RSDEM0000112', 'xihuanlu', 'citizen', 'online', '外墙保温改造后冬季室内温度提高了两到三度，供暖效果明显改善。', 182),
    ('RSDEM0000120', 'chuan', 'citizen', 'online', '方案只覆盖城区小区，乡镇的老旧住宅也需要改造，建议扩大范围。', 181),
    ('RSDEM000013Y', 'kaifaqu', 'enterprise', 'online', '开发区内的职工宿舍区未纳入改造范围，建议一并考虑。', 180),
    ('RSDEM000014W', 'zhonghualu', 'citizen', 'online', '改造后的绿化很快被占用种菜，缺少后续管理，建议明确物业或社区的管护责任。', 179),
    ('RSDEM000015T', 'bohailu', 'citizen', 'online', '我的身份证号是130982198001011234，改造中我家的储藏室被拆除，至今没有补偿，请核实处理。', 178),
    ('RSDEM000016R', 'youjianlu', 'citizen', 'online', '小区新装的充电桩数量太少，电动自行车仍然在楼道充电，存在安全隐患。', 177),
    ('RSDEM000017P', 'xinhualu', 'citizen', 'online', '改造后小区道路平整了，路灯也亮了，老人晚上出门安全多了，感谢政府。', 176),
    ('RSDEM000018M', 'yongfenglu', 'citizen', 'letter', '改造工程验收没有居民代表参加，建议验收时邀请业主代表参与并签字确认。', 175),
    ('RSDEM000019J', 'huizhandao', 'citizen', 'online', '部分改造项目重复施工，刚铺好的路面又被挖开铺设燃气管道，造成浪费，建议各管线单位统筹施工。', 174),
    ('RSDEM0000203', 'xihuanlu', 'organization', 'online', '物业服务企业反映改造后的设施维护费用没有来源，建议建立长效管护资金机制。', 173),
    ('RSDEM0000211', 'other', 'citizen', 'online', '建议借鉴外地经验，对改造后小区引入专业化物业管理。', 172),
    ('RSDEM000022Z', 'zhonghualu', 'citizen', 'online', '改造工期比计划延长了四个月，期间出行很不方便，希望今后严格按计划完成。邮箱 zhangsan@example.com', 171)
) as o (receipt_number, region_code, respondent_type, channel, body, days_ago)
where d.title = '任丘市城镇老旧小区改造工作实施方案' and d.is_demo and c.kind = 'window';

update consultation c set opinion_count = (select count(*) from opinion o where o.consultation_id = c.id)
where c.decision_id in (select id from decision where is_demo and title = '任丘市城镇老旧小区改造工作实施方案');

-- Its standing channel for tracking feedback while in force (as 0005 made it for the demo decisions before it).
insert into consultation (decision_id, kind, title, description_md, opens_at, closes_at, state)
select d.id, 'standing', left(d.title, 200), '',
       d.effective_on::timestamp at time zone 'Asia/Shanghai',
       coalesce((d.valid_until + 1)::timestamp at time zone 'Asia/Shanghai', timestamptz '2999-12-31 00:00:00+08'),
       'open'
from decision d
where d.is_demo and d.title = '任丘市城镇老旧小区改造工作实施方案'
on conflict (decision_id) where kind = 'standing' do nothing;

-- The public questionnaire of the evaluation: one Likert item per Art. 25 item and a before/after pair (Art. 19(1)),
-- published by seed-demo like the others; its answers are added by src/Cli/DemoResults.cs.
insert into questionnaire (consultation_id, title, intro_md, audience, definition)
select c.id, '老旧小区改造实施效果居民问卷',
       '本问卷用于评估老旧小区改造工作的实施效果，约需 3 分钟，匿名填写。',
       'public', $json${"sections": [{"key": "s1", "title": "对改造工作的评价", "description": "请根据您所在小区的情况，对以下说法表示同意的程度。", "questions": [{"key": "q1", "type": "likert", "text": "改造达到了改善居住条件的预期目的。", "required": true, "scale": "agreement", "criterion": "purpose_achieved", "period": "after"}, {"key": "q2", "type": "likert", "text": "改造投入的资金用得值。", "required": true, "scale": "agreement", "criterion": "cost_benefit", "period": "after"}, {"key": "q3", "type": "likert", "text": "施工和改造没有给生活带来明显的负面影响。", "required": true, "scale": "agreement", "criterion": "negative_effects", "period": "after"}, {"key": "q4", "type": "likert", "text": "我和邻居总体上认可改造方案。", "required": true, "scale": "agreement", "criterion": "acceptance", "period": "after"}, {"key": "q5", "type": "likert", "text": "改造与本市经济社会发展水平相适应。", "required": true, "scale": "agreement", "criterion": "economic_fit", "period": "after"}, {"key": "q6", "type": "likert", "text": "改造的效果能够长期保持。", "required": true, "scale": "agreement", "criterion": "near_and_long_term", "period": "after"}, {"key": "q7", "type": "likert", "text": "改造中积累的经验值得在其他小区推广。", "required": true, "scale": "agreement", "criterion": "lessons", "period": "after"}, {"key": "q8", "type": "likert", "text": "改造前，您对小区居住条件是否满意？", "required": true, "scale": "satisfaction", "criterion": "purpose_achieved", "period": "before"}, {"key": "q9", "type": "likert", "text": "改造后，您对小区居住条件是否满意？", "required": true, "scale": "satisfaction", "criterion": "purpose_achieved", "period": "after"}]}]}$json$::jsonb
from consultation c join decision d on d.id = c.decision_id
where d.is_demo and d.title = '任丘市城镇老旧小区改造工作实施方案' and c.kind = 'window';
