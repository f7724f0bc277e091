using Evaluation.Analysis.Text;

namespace Evaluation.Tests.Analysis;

public class CampaignTests
{
    private const string Letter =
        "我们是石门桥镇的个体工商户，对《办法》第十二条有意见：审批流程太繁琐，一个营业执照要跑五六趟，材料重复提交，希望尽快推行网上办理，减轻群众负担。";

    // The labelled set: label -> texts. Same label = the same text with small edits; different labels are different
    // opinions on the same topic (the approval procedure), sharing many words.
    private static readonly (string Label, string Text)[] Labelled =
    [
        ("A", Letter),
        ("A", Letter.Replace("五六趟", "七八趟")),                                   // changed
        ("A", Letter.Replace("个体工商户", "个体户")),                               // removed
        ("A", Letter.Replace("网上办理", "网上办理和邮寄送达") + "谢谢！"),           // added
        ("A", "  " + Letter.Replace("，", ",").Replace("：", ":") + "\n"),            // punctuation and spacing only
        ("B", "审批流程过于繁琐，建议把营业执照和税务登记合并办理，在政务服务中心设立综合窗口，让企业只跑一次。"),
        ("B", "审批流程过于繁琐，建议把营业执照和税务登记合并办理，在政务服务中心设立一个综合窗口，让企业最多只跑一次。"),
        ("C", "本办法关于审批流程的规定很好，我在长丰镇办理营业执照只用了两天，工作人员态度也好，希望继续坚持。"),
        ("D", "审批材料清单不明确，第十二条说的其他材料到底指什么，没有写清楚，基层窗口各自理解，群众无所适从。"),
        ("E", "审批流程太繁琐，营业执照要跑很多趟，希望推行网上办理。"),
        ("F", "同意"),
        ("G", "同意"),
    ];

    private static int[] GroupOf(IReadOnlyList<string> texts)
    {
        var normalized = texts.Select(TextSignature.Normalize).ToList();
        var signed = normalized.Select((n, i) => new Campaigns.Text(i, n.Length, TextSignature.MinHash(n))).ToList();
        // Only the candidates' texts are given, as TextFindings reads only their bodies.
        var candidates = Campaigns.Candidates(signed).ToHashSet();
        return Campaigns.Group(signed, i => candidates.Contains(i)
            ? TextSignature.ShingleSet(normalized[i]) : throw new InvalidOperationException($"text {i} is no candidate"));
    }

    [Fact]
    public void Edited_copies_are_found_together_and_unrelated_texts_on_the_same_topic_are_not_merged()
    {
        var groups = GroupOf(Labelled.Select(l => l.Text).ToList());
        for (var i = 0; i < Labelled.Length; i++)
        for (var j = i + 1; j < Labelled.Length; j++)
            Assert.True((Labelled[i].Label == Labelled[j].Label) == (groups[i] == groups[j]),
                $"{i} ({Labelled[i].Label}) and {j} ({Labelled[j].Label}) {(groups[i] == groups[j] ? "merged" : "apart")}");
        // A campaign is named by its first member.
        Assert.Equal([0, 0, 0, 0, 0, 5, 5, 7, 8, 9, 10, 11], groups);
    }

    [Fact]
    public void A_candidate_pair_estimated_above_the_threshold_is_no_campaign_when_its_exact_similarity_is_0_55()
    {
        // Found by a search over random edits of the first text (one character changed, one added, filler appended):
        // their shingle sets share 33 of 60 shingles, exact Jaccard 0.55; the MinHash estimate is 43/64 = 0.67, and
        // they share LSH bands 2, 9 and 14. The estimate alone made them a campaign.
        const string first = "审批流程太繁琐一个营业执照要跑五六趟材料重复提交希望尽快推行网上办理减轻群众负担";
        const string second = "审批流程太繁琐一面营业执照要跑五六趟材料重复提交同希望尽快推行网上办理减轻群众负担学来和分以法所民他个的上年和能后";
        var (a, b) = (TextSignature.Normalize(first), TextSignature.Normalize(second));
        Assert.Equal(0.55, TextSignature.ExactSimilarity(TextSignature.ShingleSet(a), TextSignature.ShingleSet(b)), 12);
        Assert.True(TextSignature.Similarity(TextSignature.MinHash(a), TextSignature.MinHash(b)) >= Campaigns.Threshold);
        var signed = new[] { a, b }.Select((n, i) => new Campaigns.Text(i, n.Length, TextSignature.MinHash(n))).ToList();
        Assert.Equal([0, 1], Campaigns.Candidates(signed));

        Assert.Equal([0, 1], GroupOf([first, second]));
        // Without the last ten characters of filler the pair is at 0.66: confirmed, one campaign.
        var closer = second[..^10];
        Assert.True(TextSignature.ExactSimilarity(TextSignature.ShingleSet(a), TextSignature.ShingleSet(TextSignature.Normalize(closer))) >= Campaigns.Threshold);
        Assert.Equal([0, 0], GroupOf([first, closer]));
    }

    [Fact]
    public void Similarity_estimates_the_shared_shingles()
    {
        var a = TextSignature.MinHash(TextSignature.Normalize(Letter));
        var edited = TextSignature.MinHash(TextSignature.Normalize(Letter.Replace("五六趟", "七八趟")));
        var other = TextSignature.MinHash(TextSignature.Normalize(Labelled[7].Text));
        Assert.Equal(1.0, TextSignature.Similarity(a, TextSignature.MinHash(TextSignature.Normalize(Letter + "。"))));
        // Two changed characters change 4 of 70 shingles: Jaccard 66/74 = 0.89.
        Assert.InRange(TextSignature.Similarity(a, edited), 0.75, 1.0);
        Assert.InRange(TextSignature.Similarity(a, other), 0.0, 0.2);
    }

    [Fact]
    public void A_large_campaign_among_many_distinct_texts_is_found_whole_without_comparing_all_pairs()
    {
        var random = new Random(5);
        const string chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研";
        var texts = new List<(string Text, bool IsLetter)>();
        for (var i = 0; i < 3000; i++)
            texts.Add((new string(Enumerable.Range(0, 60 + random.Next(60)).Select(_ => chars[random.Next(chars.Length)]).ToArray()), false));
        for (var i = 0; i < 500; i++)
        {
            var copy = Letter.ToCharArray();
            copy[random.Next(copy.Length)] = chars[random.Next(chars.Length)]; // one character changed anywhere
            texts.Insert(random.Next(texts.Count), (new string(copy), true));
        }
        var groups = GroupOf(texts.Select(t => t.Text).ToList());
        var letters = Enumerable.Range(0, texts.Count).Where(i => texts[i].IsLetter).ToList();
        Assert.Single(letters.Select(i => groups[i]).Distinct());
        Assert.Equal(500, groups.Count(g => g == groups[letters[0]]));
        Assert.Equal(3000, groups.Where((g, i) => !letters.Contains(i)).Distinct().Count());
    }
}
