-- Art. 19(1) 对比分析: two survey waves. A questionnaire may name the earlier questionnaire of the same decision that it
-- repeats (the first wave, before or at the start of implementation); each of its "after" scale items may name the
-- first wave's "before" item it repeats (baseline_key, frozen with the version like pair_key). The two waves are
-- answered by different people, so the findings compare such items by Welch (a pair within one questionnaire: paired t).
alter table questionnaire add column baseline_questionnaire_id bigint references questionnaire (id) on delete set null;
alter table questionnaire add constraint questionnaire_baseline_not_self check (baseline_questionnaire_id <> id);

alter table question_item add column baseline_key text;
alter table question_item add constraint question_item_baseline_after check (baseline_key is null or period = 'after');
alter table question_item add constraint question_item_baseline_unique unique (version_id, baseline_key);
