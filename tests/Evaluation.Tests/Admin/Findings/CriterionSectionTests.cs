using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Findings;

/// <summary>The criterion section of the findings page: formula, thresholds, clustered intervals, pairs, reverse items, 临界.</summary>
public class CriterionSectionTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_page_states_the_formula_the_thresholds_the_clustered_interval_the_pairs_and_a_borderline_level()
    {
        var consultation = await sites.ConsultationAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(new([new Section("s1", "评价", null, null,
        [
            new Question("q1", QuestionTypes.Likert, "规定符合法律法规", Criterion: "legality", Period: "after"),
            new Question("q2", QuestionTypes.Likert, "施行前：办事方便", Criterion: "effectiveness", Period: "before", Pair: "q3"),
            new Question("q3", QuestionTypes.Likert, "施行后：办事方便", Criterion: "effectiveness", Period: "after"),
            new Question("q4", QuestionTypes.Likert, "发车间隔过长，影响出行", Criterion: "operability", Period: "after", Reverse: true),
        ])]), consultationId: consultation);
        // 32 respondents: legality 7 × 2, 10 × 3, 15 × 4 (index 56.3, its interval across 60; 21.9% disagree, across 20%).
        var legality = Enumerable.Repeat(2, 7).Concat(Enumerable.Repeat(3, 10)).Concat(Enumerable.Repeat(4, 15)).ToArray();
        await sites.DataSource.AddResponsesAsync(questionnaire, legality.Select((p, i) => ("citizen", "chuan",
            new Dictionary<string, int> { ["q1"] = p, ["q2"] = 1 + i % 3, ["q3"] = 3 + i % 3, ["q4"] = 4 + i % 2 })));

        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");

        var method = page.QuerySelector("#method")!.TextContent;
        Assert.Contains("指数 =（平均分 − 1）÷ 4 × 100", method);
        Assert.Contains("反向计分题按 6 − 分值计入", method);
        Assert.Contains("指数低于 60 为“需关注”、低于 40 为“需重点关注”", method);
        Assert.Contains("Holm", method);

        var row = page.QuerySelector("#conclusion-legality")!.TextContent;
        Assert.Contains("临界", row);
        Assert.Contains(Texts.Get("Reason.low_index_borderline"), row);
        Assert.Contains(Texts.Get("Reason.disagreement_borderline"), row);
        Assert.Contains("按受访者聚类的置信区间", page.QuerySelector("#criterion-legality .clustered")!.TextContent);

        var pair = page.QuerySelector("#criterion-effectiveness table.comparisons tbody tr")!.TextContent;
        Assert.Contains("施行前：办事方便", pair);
        Assert.Contains("配对比较", pair);
        Assert.Contains("32", pair);
        Assert.Contains("+2.00", pair);   // every respondent two points better
        Assert.Contains("发车间隔过长，影响出行", page.QuerySelector("#criterion-operability .reverse-items")!.TextContent);
        Assert.Contains("需重点关注", page.QuerySelector("#conclusion-operability")!.TextContent);   // answered 4 and 5: scored 2 and 1
    }
}
