using Evaluation.Analysis;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

/// <summary>
/// Two survey waves (Art. 19(1), 0750): a second questionnaire names the first it repeats, its "after" items name the
/// first wave's "before" items, and the findings compare them by Welch (different people answered each wave).
/// </summary>
public class TwoWaveTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Likert(string text, string period, string criterion = "effectiveness", string? baseline = null) => new()
    {
        ["Input.Type"] = "likert", ["Input.Text"] = text, ["Input.Criterion"] = criterion, ["Input.Period"] = period, ["Input.Baseline"] = baseline,
    };

    private static async Task PublishAsync(HttpClient admin, long id) =>
        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']");

    [Fact]
    public async Task A_second_wave_names_its_first_and_its_items_are_compared_by_welch_with_the_items_they_repeat()
    {
        // The first wave, before the decision took effect.
        var (admin, first) = await sites.QuestionnaireInBuilderAsync();
        await admin.AddQuestionAsync(first, Likert("办事是否方便？", "before"));
        await admin.AddQuestionAsync(first, Likert("执法是否规范？", "before", criterion: "legality"));
        await PublishAsync(admin, first);
        var consultation = await sites.DataSource.ScalarAsync<long>("select consultation_id from questionnaire where id = @first", new { first });

        // The second wave: a questionnaire of its own, which names the first in its settings.
        var created = await admin.SubmitAsync($"/Questionnaires/Create?consultationId={consultation}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "营商环境问卷（第二轮）", ["Input.Audience"] = "public",
        });
        var second = long.Parse(created.RequestMessage!.RequestUri!.AbsolutePath.Split('/')[^1]);
        var settings = await admin.GetHtmlAsync($"/Questionnaires/Settings/{second}");
        Assert.Contains(settings.QuerySelectorAll("#Baseline option"), o => o.GetAttribute("value") == first.ToString());
        await admin.SubmitAsync($"/Questionnaires/Settings/{second}", new Dictionary<string, string?> { ["Baseline"] = first.ToString() });
        Assert.Equal(first, await sites.DataSource.ScalarAsync<long>("select baseline_questionnaire_id from questionnaire where id = @second", new { second }));

        // The first wave cannot name the second in turn: refused in words, nothing saved.
        var cycle = await admin.SubmitAsync($"/Questionnaires/Settings/{first}", new Dictionary<string, string?> { ["Baseline"] = second.ToString() });
        Assert.Equal($"/Questionnaires/Settings/{first}", cycle.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("两份问卷不能互为前测问卷", (await cycle.ReadHtmlAsync()).QuerySelector(".field-error[data-valmsg-for='Baseline']")!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(baseline_questionnaire_id) from questionnaire where id = @first", new { first }));

        // The builder offers the first wave's "before" items and refuses what cannot be compared, in Chinese.
        var builder = await admin.GetHtmlAsync($"/Questionnaires/Question/{second}");
        Assert.Equal(["", "q1", "q2"], builder.QuerySelectorAll("#Input_Baseline option").Select(o => o.GetAttribute("value")));
        var otherStandard = await admin.AddQuestionAsync(second, Likert("办事是否方便？", "after", criterion: "legality", baseline: "q1"));
        Assert.Contains("第 1 题“办事是否方便？”：与前测题目“办事是否方便？”标注的评估标准不同",
            (await otherStandard.ReadHtmlAsync()).QuerySelector(".validation-summary-errors")!.TextContent);
        var notAfter = await admin.AddQuestionAsync(second, Likert("办事是否方便？", "before", baseline: "q1"));
        Assert.Contains("只有标为“决策施行后”的量表题目", (await notAfter.ReadHtmlAsync()).QuerySelector(".validation-summary-errors")!.TextContent);
        Assert.Empty((await sites.DataSource.WorkingDefinitionAsync(second)).Questions);

        var saved = await admin.AddQuestionAsync(second, Likert("办事是否方便？", "after", baseline: "q1"));
        Assert.Equal($"/Questionnaires/Details/{second}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        var details = await admin.GetHtmlAsync($"/Questionnaires/Details/{second}");
        Assert.Contains("前测问卷为《营商环境问卷》", details.QuerySelector("#first-wave")!.TextContent);
        Assert.Contains("与前测问卷《营商环境问卷》的“办事是否方便？”两轮比较", details.QuerySelector("#row-q1 .baseline-mark")!.TextContent);
        await PublishAsync(admin, second);
        Assert.Equal("q1", await sites.DataSource.ScalarAsync<string>(
            "select i.baseline_key from question_item i join questionnaire_version v on v.id = i.version_id where v.questionnaire_id = @second",
            new { second }));

        // Five people answered the first wave, five others the second.
        int[] before = [2, 2, 3, 1, 2], after = [4, 5, 3, 4, 4];
        await sites.DataSource.AddResponsesAsync(first, before.Select(p => ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = p, ["q2"] = 3 })));
        await sites.DataSource.AddResponsesAsync(second, after.Select(p => ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = p })));

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var findings = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), new FindingsOptions(), TimeProvider.System))!;
        var comparison = Assert.Single(findings.Criteria.Single(c => c.Criterion == "effectiveness").Comparisons);
        Assert.Equal(("welch", first, "q1", second, "q1", 10L),
            (comparison.Method, comparison.QuestionnaireId, comparison.BeforeKey, comparison.AfterQuestionnaireId, comparison.AfterKey, comparison.N));
        // scipy: stats.ttest_ind(after, before, equal_var=False), the interval d ± t.ppf(0.975, df)·se on Welch's df.
        var reference = Scipy.Run(
            """
            a, b = np.array(data["after"], float), np.array(data["before"], float)
            r = stats.ttest_ind(a, b, equal_var=False)
            va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
            df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
            d, half = a.mean() - b.mean(), stats.t.ppf(0.975, df) * np.sqrt(va + vb)
            emit([d, d - half, d + half, r.pvalue])
            """, new { after, before }).Doubles();
        var difference = comparison.Difference!;
        Assert.Equal(reference[0], difference.Value, 9);
        Assert.Equal(reference[1], difference.CiLow, 8);   // the t quantile: the two agree to ~1e-10
        Assert.Equal(reference[2], difference.CiHigh, 8);
        Assert.Equal(reference[3], difference.P, 9);
        // The legality item of the first wave is repeated by nothing: no comparison.
        Assert.Empty(findings.Criteria.Single(c => c.Criterion == "legality").Comparisons);

        // The findings page names each wave's questionnaire beside its item.
        var page = await admin.GetHtmlAsync($"/Findings/consultation/{consultation}");
        var row = page.QuerySelector("#criterion-effectiveness table.comparisons tbody tr")!.TextContent;
        Assert.Contains("《营商环境问卷》", row);
        Assert.Contains("《营商环境问卷（第二轮）》", row);
        Assert.Contains("Welch", row);
    }
}
