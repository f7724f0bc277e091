using Evaluation.Shared.Decisions;
using Evaluation.Shared.Respondents;

namespace Evaluation.Cli;

/// <summary>One generated demo opinion (<see cref="DemoHistory"/>).</summary>
public sealed record DemoOpinion(string Channel, string RespondentType, string Region, string Body, string? Criterion,
    (string Name, string Contact)? Person, string? Reply, bool InReview, string? Meeting, string? ExclusionReason, DateTime? At = null);

/// <summary>
/// The demo opinions' texts, composed from phrase templates around the six standards of Art. 15 (an observation, its
/// detail, a suggestion, with openings and closings as people write them), a small campaign of near-identical texts,
/// and the few that staff excluded with their reasons.
/// </summary>
public static class DemoTexts
{
    private sealed record Bank(string[] Observations, string[] Details, string[] Suggestions, string[] Replies);

    private static readonly Dictionary<string, Bank> Banks = new()
    {
        ["legality"] = new(
            ["办法的主要规定与《重大行政决策程序暂行条例》是一致的", "第三条关于委托专业机构评估的规定缺少上位法的具体依据", "办法对合法性审查的职责规定得比较清楚",
             "个别条款的表述与省里的规范性文件管理办法不完全一致", "办法关于评估结果公开的规定符合政府信息公开条例的要求", "第七条关于保密的规定与个人信息保护法的衔接还不够"],
            ["我对照条例逐条看过，没有发现明显冲突", "特别是委托第三方时的权利义务没有写明法律依据", "司法局在报告审议前把关，程序上比较严谨",
             "建议起草部门核对一下引用的法规名称和条文", "涉及个人信息的处理规则应当按照法律要求写得更具体", "评估中收集的公众意见和联系方式如何保存、何时删除，办法没有交代"],
            ["建议修订时逐条列明法律依据", "建议对照新施行的法律法规进行一次全面清理", "希望合法性审查意见也能向社会公开",
             "建议增加个人信息处理的专门条款", "建议在附则中明确与上位法不一致时的适用规则"],
            ["已将您的意见转起草部门，修订时将逐条核对法律依据。", "合法性审查意见将在评估报告中予以说明。", "关于个人信息的处理，平台已按个人信息保护法的要求加密保存并定期删除，修订时将在办法中写明。"]),
        ["rationality"] = new(
            ["办法规定的评估措施总体上是必要、适当的", "对基层单位提出的材料报送要求偏多", "听取公众意见的方式兼顾了不同群体",
             "评估工作经费由评估机关自行承担，对小部门负担较重", "办法对企业参与评估的安排比较合理", "对评估中发现问题的整改时限没有区分轻重缓急"],
            ["乡镇和街道人手有限，有时一个月要报好几次材料", "老年人不会上网，也能通过信函和电话反映意见，这一点很好", "同一事项各部门重复要求填报数据",
             "企业希望评估时能更多听取行业协会的意见", "简单的问题和复杂的问题适用同样的时限不太合理", "评估方案中的经费预算标准没有统一"],
            ["建议精简报送材料，能共享的数据不再重复报送", "建议按照问题的复杂程度分别规定整改期限", "建议市财政安排评估工作专项经费",
             "建议保留信函、电话等传统渠道", "建议评估前先公布需要各部门提供的材料清单"],
            ["您提出的精简报送材料的建议已转市政府办公室研究。", "评估经费的安排已纳入评估报告的建议部分。", "感谢您的意见，传统渠道将继续保留。"]),
        ["coordination"] = new(
            ["办法与本市规范性文件管理规定之间的衔接不够", "跟踪反馈和后评估与规范性文件清理工作存在交叉", "办法要求建立的评估信息收集系统至今没有配套制度",
             "各部门自己的评估办法和本办法的关系不清楚", "办法与绩效考核的衔接做得比较好", "12345热线的投诉数据没有纳入评估信息收集"],
            ["同一份文件可能同时被清理和评估，工作重复", "第九条说的信息收集系统由谁建设、怎么运行没有规定", "有的部门还在用自己以前的评估办法",
             "评估结果纳入依法行政考核以后，各部门重视程度明显提高", "热线每天收到大量群众诉求，其中不少和政策执行有关", "评估报告和清理意见有时结论不一致"],
            ["建议把后评估和规范性文件清理统筹安排", "建议尽快出台信息收集系统的配套办法", "建议明确部门评估办法与本办法不一致的按本办法执行",
             "建议把12345热线数据作为跟踪反馈的信息来源", "建议建立评估工作的部门协调机制"],
            ["12345热线数据已作为跟踪反馈的信息来源纳入平台。", "关于评估与清理的统筹，已在评估报告中提出建议。", "配套制度的建议已转市司法局研究。"]),
        ["operability"] = new(
            ["办法规定的评估程序环节多，基层执行起来有难度", "简易程序的适用条件不明确", "“公众意见较多”到底多少算较多，办法没有规定",
             "网上提交意见和查询回执很方便", "评估报告的格式要求比较清楚，便于撰写", "评估计划的报批时间和年度工作安排衔接不上"],
            ["一个小的规范性文件也要走完准备、实施、结论三个阶段，工作量很大", "什么情况可以用简易程序全靠评估机关自己判断", "第十二条的启动条件实际上很难操作",
             "提交后马上拿到回执编号，过几天就能查到办理情况", "报告要写哪些内容、按什么顺序写，都有章可循", "计划批下来的时候往往已经到年中了"],
            ["建议细化简易程序的适用情形", "建议明确“意见较多”的具体数量标准", "建议对小文件允许合并评估",
             "建议年初集中报批评估计划", "建议制作评估工作指引和文书范本"],
            ["“意见较多”的具体标准已在评估提醒中设定，修订办法时将一并明确。", "关于简易程序适用情形的建议已纳入评估报告。", "评估工作指引正在编制，感谢您的建议。"]),
        ["normativity"] = new(
            ["办法的结构清楚，条文逻辑比较严密", "有些条款中“跟踪反馈、后评估”反复出现，读起来很拗口", "第二章和第三章的内容有重复",
             "个别用语前后不一致，比如评估机关和评估机构", "办法的标题太长，群众不好记", "条文中的专业术语没有解释"],
            ["总则、分则、附则的安排符合规范性文件的一般写法", "同一句话里出现三次“跟踪反馈”", "准备、实施、结论三个阶段在两章里各写了一遍",
             "评估机关和受委托评估机构的职责有时混用", "很多群众不知道“后评估”是什么意思", "第二十五条列举的七项内容和第十五条的六项标准容易混淆"],
            ["建议修订时统一用语，增加名词解释", "建议合并重复的程序性规定", "建议精简条文表述",
             "建议配套发布政策解读", "建议用图表说明评估流程"],
            ["政策解读已在门户网站发布，修订时将统一用语。", "关于合并重复规定的建议已转起草部门。", "感谢您的意见，将在修订时予以考虑。"]),
        ["effectiveness"] = new(
            ["办法实施两年来，决策听取群众意见的情况明显改善", "不少部门还是把评估当成任务，走过场", "评估结果已经用于修改了几件规范性文件",
             "群众提的意见有回音了，这是最大的变化", "评估报告公开得不及时", "办法的知晓度还不高"],
            ["以前提了意见不知道下文，现在能查到办理结果", "有的评估报告只是把材料汇总一下，没有真正分析问题", "老旧小区改造方案就是根据评估意见调整的",
             "我身边很多人不知道可以对政府决策提意见", "评估结束好几个月了，网站上还查不到报告", "企业对评估结果的运用情况了解不多"],
            ["建议加大宣传力度，让更多群众知道并参与", "建议明确评估报告公开的时限", "建议每年通报评估结果的运用情况",
             "建议把评估质量纳入考核", "希望继续坚持，越做越好"],
            ["评估结果已在“评估结果”栏目公开，并附意见采纳情况。", "关于报告公开时限的建议已纳入评估报告。", "我们将加大宣传力度，感谢您的支持。"]),
    };

    private static readonly string[] Openings =
        ["", "", "", "看了办法以后，", "结合我们单位的工作实际，", "通过这两年的观察，", "反映一点想法：", "我谈几点意见。", "作为一名普通市民，", "从基层工作的角度看，"];
    private static readonly string[] Closings = ["", "", "", "谢谢！", "望采纳。", "以上意见供参考。", "希望有关部门重视。", "辛苦了。"];

    private const string CampaignText = "强烈要求在办法中写明：群众提出的意见必须在三十日内书面答复，答复情况要在政府网站公开，不能只收不回！";
    private static readonly string[] CampaignPrefixes = ["", "", "", "我们小区居民一致认为：", "我也有同样的意见，", "附议："];
    private static readonly string[] CampaignSuffixes = ["", "", "请领导重视。", "希望尽快落实。", "！"];

    private static readonly (string Body, string Reason)[] Excluded =
    [
        ("测试测试，请忽略本条。", "工作人员测试平台时提交，非公众意见。"),
        ("专业代办各类证照、工商注册、代理记账，价格优惠，详询微信同号。", "广告内容，与本次征集无关。"),
        ("我家楼上卫生间漏水三个月了，物业一直不管，请帮忙解决。", "个人诉求，与本办法的实施无关，已转12345热线办理。"),
        ("希望政府多修几条路，路灯也要多装一些，晚上出门太黑了。", "内容与本办法无关，已转市住房和城乡建设局参考。"),
    ];

    private static readonly (string Channel, int Weight)[] Channels =
        [("online", 52), ("email", 13), ("letter", 11), ("phone", 9), ("meeting", 9), ("fax", 4), ("telegram", 2)];
    private static readonly (string Type, int Weight)[] Types = [("citizen", 74), ("enterprise", 15), ("organization", 11)];

    public static readonly (string Code, int Weight)[] Regions =
    [
        ("xinhualu", 14), ("xihuanlu", 12), ("yongfenglu", 11), ("chengqu", 10), ("mozhou", 8), ("gougezhuang", 8), ("qijianfang", 7),
        ("chuan", 3), ("shimenqiao", 3), ("lvgongbao", 2), ("changfeng", 2), ("liangzhao", 2), ("xinzhongyi", 2), ("majiawu", 2),
        ("beixinzhuang", 2), ("yilunbao", 1), ("qingta", 1), ("beihan", 1), ("yucun", 1), ("kaifaqu", 6), ("other", 2),
    ];

    private static readonly string[] Meetings =
        ["《办法》实施情况座谈会（部门和乡镇代表）", "《办法》实施情况座谈会（企业和行业协会代表）", "《办法》实施情况座谈会（人大代表、政协委员和居民代表）"];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] GivenNames = ["建国", "秀英", "志强", "丽华", "海燕", "国庆", "淑珍", "文杰", "晓东", "桂兰", "立新", "春梅", "永刚", "玉兰", "子涵", "浩然", "欣怡", "俊杰", "红梅", "宏伟"];
    private static readonly string[] Streets = ["永丰路", "会战道", "新华路", "西环路", "渤海路", "中华路", "油建路", "建设路"];

    public static T Pick<T>(Random random, IReadOnlyList<(T Value, int Weight)> weighted)
    {
        var x = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
            if ((x -= weight) < 0) return value;
        return weighted[^1].Value;
    }

    private static T Any<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    /// <summary><paramref name="count"/> opinions, <paramref name="campaign"/> of them the campaign, four excluded.</summary>
    public static List<DemoOpinion> Opinions(Random random, int count, int campaign)
    {
        var result = new List<DemoOpinion>();
        var used = new HashSet<(string, int, int, int)>();
        var combined = new HashSet<(string, int, int, int, string, int, int)>();
        var standards = Criteria.NormativeDocument;
        for (var n = 0; result.Count < count - campaign - Excluded.Length; n++)
        {
            // Every standard its share, the procedure (operability) and the effect a little more, as people write.
            var criterion = (n % 8) switch { 6 => "operability", 7 => "effectiveness", var k => standards[k] };
            var bank = Banks[criterion];
            var (o, d, s) = (random.Next(bank.Observations.Length), random.Next(bank.Details.Length), random.Next(bank.Suggestions.Length));
            // Two texts sharing two of observation, detail and suggestion would read as a campaign: the second one of
            // such a pair also raises a point of another standard (each such combination once).
            var fresh = used.Add((criterion, o, d, -1)) & used.Add((criterion, -1, d, s)) & used.Add((criterion, o, -1, s));
            var also = "";
            if (!fresh)
            {
                var other = standards[(Array.IndexOf(standards, criterion) + 1 + random.Next(standards.Length - 1)) % standards.Length];
                var second = Banks[other];
                var (o2, d2) = (random.Next(second.Observations.Length), random.Next(second.Details.Length));
                if (!combined.Add((criterion, o, d, s, other, o2, d2))) continue;
                also = $"另外，{second.Observations[o2]}，{second.Details[d2]}。";
            }
            var body = $"{Any(random, Openings)}{bank.Observations[o]}，{bank.Details[d]}。{also}{bank.Suggestions[s]}。{Any(random, Closings)}";
            var channel = Pick(random, Channels);
            var type = channel == "telegram" ? "citizen" : Pick(random, Types);
            var region = type == "enterprise" && random.Next(2) == 0 ? "kaifaqu" : Pick(random, Regions);
            var reply = random.Next(100) < 30 ? Any(random, bank.Replies) : null;
            result.Add(new DemoOpinion(channel, type, region, body, criterion, Person(random, channel), reply,
                reply is null && random.Next(100) < 12, channel == "meeting" ? Any(random, Meetings) : null, null));
        }
        for (var i = 0; i < campaign; i++)
        {
            var body = $"{Any(random, CampaignPrefixes)}{(i % 4 == 1 ? CampaignText.Replace("，", " ") : CampaignText)}{Any(random, CampaignSuffixes)}";
            result.Add(new DemoOpinion("online", "citizen", i % 3 == 0 ? "xihuanlu" : "yongfenglu", body, "effectiveness", null,
                i == 0 ? Banks["effectiveness"].Replies[1] : null, false, null, null));
        }
        foreach (var (body, reason) in Excluded)
            result.Add(new DemoOpinion("online", "citizen", Pick(random, Regions), body, null, null, null, false, null, reason));
        return result;
    }

    /// <summary>The name and contact given: always on paper, by phone and in meetings, a third of the time online.</summary>
    private static (string Name, string Contact)? Person(Random random, string channel)
    {
        if (channel == "online" && random.Next(3) != 0) return null;
        var name = Any(random, Surnames) + Any(random, GivenNames);
        var phone = $"13{random.Next(0, 10)}{random.Next(10000000, 99999999)}";
        return (name, channel switch
        {
            "email" => $"user{random.Next(1000, 9999)}@example.cn",
            "letter" => $"任丘市{Any(random, Streets)}{random.Next(1, 300)}号",
            "fax" => $"0317-22{random.Next(10000, 99999)}",
            _ => phone,
        });
    }
}

/// <summary>One generated questionnaire response (<see cref="DemoHistory"/>).</summary>
public sealed record DemoResponse(string RespondentType, string? Region, string? CreditCode, string? EnterpriseName, string? Industry,
    string? Size, List<(string Key, int Code, decimal? Value)> Answers, List<(string Key, string Text)> Texts, bool Duplicate);

/// <summary>The demo questionnaires' answers (db/demo/0002's definitions): how the public and the enterprises lean on
/// each standard, the satisfaction before and after the decision, and some free text.</summary>
public static class DemoAnswers
{
    // Weights of the points 1 (disagree strongly) to 5 (agree strongly), by item.
    private static readonly Dictionary<string, int[]> PublicLeanings = new()
    {
        ["q4"] = [2, 5, 20, 45, 28], ["q5"] = [4, 10, 26, 40, 20], ["q6"] = [6, 15, 33, 33, 13], ["q7"] = [11, 22, 28, 27, 12],
        ["q8"] = [3, 8, 30, 40, 19], ["q9"] = [5, 12, 28, 38, 17], ["q10"] = [14, 30, 34, 17, 5], ["q11"] = [4, 10, 28, 40, 18],
    };
    private static readonly Dictionary<string, int[]> EnterpriseLeanings = new()
    {
        ["q3.r1"] = [2, 4, 22, 46, 26], ["q3.r2"] = [6, 16, 30, 34, 14], ["q3.r3"] = [12, 24, 30, 24, 10], ["q3.r4"] = [5, 14, 32, 35, 14],
        ["q4"] = [4, 12, 34, 36, 14],
    };

    private static readonly string[] Problems =
    [
        "评估程序太复杂，基层难以执行。", "不知道去哪里提意见。", "提了意见以后很久才有答复。", "评估报告公开不及时。", "宣传不够，很多人不知道这个办法。",
        "“意见较多”的标准不明确。", "部门之间重复要求报材料。", "评估结果的运用情况看不到。",
    ];
    private static readonly string[] Proposals =
    [
        "多利用社区和微信群宣传。", "简化简易程序的要求。", "评估报告要及时公开。", "每年公布评估结果的运用情况。", "听取意见要覆盖老年人和农村群众。",
        "增加企业代表参加座谈会的名额。", "明确答复意见的期限。",
    ];
    private static readonly string[] EnterpriseProposals =
    [
        "涉企决策出台前应当充分听取企业意见，评估时也应当邀请企业参加。", "希望评估结果能够及时告知参与的企业。", "建议给企业留出足够的适应期。",
        "问卷填写很方便，建议今后多采用这种方式。", "建议评估时关注对中小企业经营成本的影响。",
    ];
    private static readonly string[] NameWords = ["华北", "渤海", "任丘", "华油", "鑫源", "恒泰", "中兴", "宏达", "金港", "瑞丰", "永盛", "博远", "顺通", "天成", "晟达", "嘉禾"];
    private static readonly (string Industry, string Word)[] Trades =
    [
        ("C", "机械制造"), ("C", "塑料制品"), ("B", "石油技术服务"), ("F", "商贸"), ("E", "建筑工程"), ("G", "物流"), ("I", "信息技术"),
        ("H", "餐饮管理"), ("L", "企业管理咨询"), ("A", "农业开发"), ("K", "物业服务"), ("M", "检测技术"),
    ];
    private static readonly (string Size, int Weight)[] Sizes = [("large", 4), ("medium", 16), ("small", 45), ("micro", 35)];
    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static int Point(Random random, int[] weights, int dontKnowPercent)
    {
        if (random.Next(100) < dontKnowPercent) return 0;
        var x = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
            if ((x -= weights[i]) < 0) return i + 1;
        return weights.Length;
    }

    // q15, negatively worded ("the procedure is cumbersome", 反向计分): agreeing is a bad mark for operability.
    private static readonly int[] CumbersomeLeaning = [10, 24, 30, 24, 12];

    public static List<DemoResponse> Public(Random random, int count)
    {
        var result = new List<DemoResponse>();
        // The reverse item was added later: drawn from its own seed, so every other answer of the demo stays as it was.
        var reverseRandom = new Random(DemoHistory.Seed + 15);
        for (var n = 0; n < count; n++)
        {
            var answers = new List<(string, int, decimal?)>();
            var knows = random.Next(100) switch { < 30 => 1, < 78 => 2, _ => 3 };
            answers.Add(("q1", knows, null));
            var took = random.Next(100) < 38 ? 1 : 2;
            answers.Add(("q2", took, null));
            if (took == 1)
                foreach (var code in Enumerable.Range(1, 5).Where(c => random.Next(100) < (c == 4 ? 70 : 25)).DefaultIfEmpty(4))
                    answers.Add(("q3", code, null));
            // Those who do not know the decision say "don't know" more often, and agree a little less.
            var dontKnow = knows == 3 ? 22 : 4;
            foreach (var (key, weights) in PublicLeanings)
                answers.Add((key, Point(random, key == "q7" && took == 1 ? [16, 26, 26, 22, 10] : weights, key is "q10" or "q11" ? 2 : dontKnow), null));
            answers.Add(("q15", Point(reverseRandom, CumbersomeLeaning, dontKnow), null));
            if (random.Next(100) < 25)
                foreach (var (code, rank) in Enumerable.Range(1, 4).OrderBy(_ => random.Next()).Select((c, i) => (c, i + 1)))
                    answers.Add(("q14", code, rank));
            var texts = new List<(string, string)>();
            if (random.Next(100) < 16) texts.Add(("q12", Problems[random.Next(Problems.Length)]));
            if (random.Next(100) < 13) texts.Add(("q13", Proposals[random.Next(Proposals.Length)]));
            result.Add(new DemoResponse(random.Next(100) < 93 ? "citizen" : "organization", DemoTexts.Pick(random, DemoTexts.Regions),
                null, null, null, null, answers, texts, false));
            // Now and then the same person submitted twice (the second one is excluded by staff).
            if (n % 150 == 75 && result.Count < count)
            {
                result.Add(result[^1] with { Duplicate = true });
                n++;
            }
        }
        return result;
    }

    public static List<DemoResponse> Enterprises(Random random, int count)
    {
        var result = new List<DemoResponse>();
        var codes = new HashSet<string>();
        while (result.Count < count)
        {
            // Registration authority 9 (market regulation) for enterprises, 5 (civil affairs) for a few associations;
            // 130982 is Renqiu's administrative division code.
            var association = random.Next(100) < 8;
            var code = NewCreditCode(random, association ? "52" : "91");
            if (!codes.Add(code)) continue;
            var (industry, word) = association ? ("S", "行业协会") : Trades[random.Next(Trades.Length)];
            var name = association ? $"任丘市{NameWords[random.Next(NameWords.Length)]}{word}" : $"任丘市{NameWords[random.Next(NameWords.Length)]}{word}有限公司";
            var size = association ? "small" : DemoTexts.Pick(random, Sizes);
            var answers = new List<(string, int, decimal?)>
            {
                ("q1", random.Next(100) < 45 ? 1 : 2, null),
                ("q2", 0, size switch { "large" => random.Next(300, 2000), "medium" => random.Next(100, 300), "small" => random.Next(10, 100), _ => random.Next(1, 10) }),
            };
            foreach (var (key, weights) in EnterpriseLeanings) answers.Add((key, Point(random, weights, 4), null));
            var texts = new List<(string, string)>();
            if (random.Next(100) < 20) texts.Add(("q5", EnterpriseProposals[random.Next(EnterpriseProposals.Length)]));
            result.Add(new DemoResponse(CreditCode.RespondentType(code), random.Next(100) < 45 ? "kaifaqu" : DemoTexts.Pick(random, DemoTexts.Regions),
                code, name, industry, size, answers, texts, false));
        }
        return result;
    }

    /// <summary>A valid unified social credit code (GB 32100-2015) of Renqiu: its check symbol found by the same check
    /// the questionnaire applies.</summary>
    public static string NewCreditCode(Random random, string authorityAndCategory)
    {
        var body = authorityAndCategory + "130982" + new string(Enumerable.Range(0, 9).Select(_ => CodeAlphabet[random.Next(CodeAlphabet.Length)]).ToArray());
        foreach (var check in CodeAlphabet)
            if (CreditCode.TryNormalize(body + check, out var code)) return code;
        throw new InvalidOperationException("no check symbol");
    }
}
