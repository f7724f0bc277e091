-- Art. 19(1), before and after: a "before" item names its "after" counterpart in the same version (the builder checks
-- that both are scale items, the periods are before/after and each has one partner). The same respondents answered
-- both, so the two are compared pairwise (the mean of each respondent's difference), never pooled with other items.
alter table question_item add column pair_key text;
alter table question_item add constraint question_item_pair_before check (pair_key is null or (period = 'before' and pair_key <> key));
alter table question_item add constraint question_item_pair_unique unique (version_id, pair_key);
