-- The editable keyword lists from which an opinion nobody has coded gets a suggested criterion (Art. 15's six
-- standards, Art. 25's seven items). Staff change them in Admin (audited); the seed is a starting point.
create table criterion_keyword (
    criterion   text not null check (criterion in ('legality', 'rationality', 'coordination', 'operability', 'normativity', 'effectiveness',
                                                   'purpose_achieved', 'cost_benefit', 'negative_effects', 'acceptance', 'economic_fit',
                                                   'near_and_long_term', 'lessons')),
    word        text not null check (char_length(word) between 1 and 20),
    primary key (criterion, word)
);

insert into criterion_keyword (criterion, word)
select c.criterion, w.word
from (values
    ('legality',           '合法,违法,合法性,合法性审查,法律,法规,规章,上位法,法律依据,授权,越权,法定,抵触,违反,法律责任,行政处罚,行政许可'),
    ('rationality',        '合理,合理性,不合理,公平,公正,必要,适当,一刀切,过重,负担,权益,歧视,自由裁量,比例,过高,过严'),
    ('coordination',       '协调,协调性,冲突,矛盾,衔接,配套,配套制度,不一致,重复,交叉,多头,部门,统一,相互'),
    ('operability',        '操作,可操作性,程序,繁琐,流程,办理,便民,效率,手续,材料,审批,审批流程,时限,窗口,网上办理,细则,办事效率'),
    ('normativity',        '规范性,表述,用语,措辞,条款,文字,歧义,逻辑,定义,含糊,模糊,不明确,概念,标点,格式,严谨'),
    ('effectiveness',      '实效,实效性,效果,落实,执行,执法,遵守,成效,目的,改善,作用,形同虚设,监督,落实难'),
    ('purpose_achieved',   '目标,目的,实现,达到,预期,完成,初衷,成效'),
    ('cost_benefit',       '成本,效益,成本效益,投入,资金,费用,花费,浪费,经济效益,社会效益,财政,预算,收益'),
    ('negative_effects',   '负面,负面影响,副作用,损害,污染,扰民,噪音,风险,隐患,损失,不良'),
    ('acceptance',         '支持,赞成,反对,满意,不满,认可,接受,拥护,群众满意度,理解,抵触情绪'),
    ('economic_fit',       '经济,发展,产业,营商环境,企业,投资,招商,就业,市场,市场主体,中小企业,转型'),
    ('near_and_long_term', '长远,长期,短期,近期,远期,可持续,未来,持续,后续,长远影响'),
    ('lessons',            '经验,教训,经验教训,借鉴,推广,总结,改进,做法,完善')
) as c (criterion, words)
cross join lateral unnest(string_to_array(c.words, ',')) as w (word);
