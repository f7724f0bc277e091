-- A negatively worded item (反向计分, e.g. "发车间隔过长，影响出行"): agreeing with it is a bad mark for the decision. The
-- builder marks it; publishing freezes the mark with the item, as it freezes the criterion and the period. A standard's
-- pooled figures, index and shares score such an item inverted (6 − point); the item's own table shows its answers as
-- given (Art. 4 科学, Art. 6: no answer turned into what it did not say).
alter table question_item add column reverse boolean not null default false;
