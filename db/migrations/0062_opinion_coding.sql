-- Coding (编码): the criterion staff confirmed for an opinion, or chose instead of the suggestion; null when they
-- decided that no criterion applies. Who and when are kept here and in the audit log (Art. 6: conclusions rest on
-- traceable evidence, not on a preset view).
create table opinion_coding (
    opinion_id  bigint primary key references opinion (id),
    criterion   text check (criterion in ('legality', 'rationality', 'coordination', 'operability', 'normativity', 'effectiveness',
                                          'purpose_achieved', 'cost_benefit', 'negative_effects', 'acceptance', 'economic_fit',
                                          'near_and_long_term', 'lessons')),
    coded_by    bigint not null references staff_user (id),
    coded_at    timestamptz not null
);
