-- The evaluation criteria as a lookup table, like region: Art. 15's six standards for normative documents and
-- Art. 25's seven items for other decision matters. The codes are those of Evaluation.Shared.Decisions.Criteria; the
-- Chinese names are the measures' own words. Every criterion column references this table instead of repeating the
-- list in a CHECK constraint.
create table criterion (
    code            text primary key,
    decision_kind   text not null check (decision_kind in ('normative_document', 'other_matter')),
    article         text not null,
    name            text not null unique,
    sort_order      integer not null
);

insert into criterion (code, decision_kind, article, name, sort_order) values
    ('legality',           'normative_document', '第十五条第（一）项', '合法性', 10),
    ('rationality',        'normative_document', '第十五条第（二）项', '合理性', 20),
    ('coordination',       'normative_document', '第十五条第（三）项', '协调性', 30),
    ('operability',        'normative_document', '第十五条第（四）项', '可操作性', 40),
    ('normativity',        'normative_document', '第十五条第（五）项', '规范性', 50),
    ('effectiveness',      'normative_document', '第十五条第（六）项', '实效性', 60),
    ('purpose_achieved',   'other_matter', '第二十五条第（一）项', '实施结果与决策目的的符合程度', 110),
    ('cost_benefit',       'other_matter', '第二十五条第（二）项', '成本效益', 120),
    ('negative_effects',   'other_matter', '第二十五条第（三）项', '负面影响', 130),
    ('acceptance',         'other_matter', '第二十五条第（四）项', '目标群体的接受程度', 140),
    ('economic_fit',       'other_matter', '第二十五条第（五）项', '与经济社会发展方向的符合程度', 150),
    ('near_and_long_term', 'other_matter', '第二十五条第（六）项', '近期效益与长远影响', 160),
    ('lessons',            'other_matter', '第二十五条第（七）项', '经验教训与改进建议', 170);

alter table question_item drop constraint question_item_criterion_check,
    add constraint question_item_criterion_fkey foreign key (criterion) references criterion (code);
alter table criterion_keyword drop constraint criterion_keyword_criterion_check,
    add constraint criterion_keyword_criterion_fkey foreign key (criterion) references criterion (code);
alter table opinion_coding drop constraint opinion_coding_criterion_check,
    add constraint opinion_coding_criterion_fkey foreign key (criterion) references criterion (code);
