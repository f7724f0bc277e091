using System.Net;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Evaluation.Tests.Analysis;

/// <summary>
/// The group tests in the findings (issue 22): only the groups that would be published are tested (Art. 7), the p
/// of every test of one findings result is Holm-adjusted over all of them, "groups differ" reads the adjusted p, and
/// the page, the export and the report show both p.
/// </summary>
public class GroupTestFindingsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    // As the sites run: groups under five answers are suppressed.
    private static readonly FindingsOptions Options = new() { MinimumAnswers = 4, MinimumCellSize = 5 };

    private static Definition Items() => new([new Section("s1", "评价", null, null,
    [
        new Question("q1", QuestionTypes.Likert, "合法", Criterion: "legality", Period: Periods.After),
        new Question("q2", QuestionTypes.Likert, "有效", Criterion: "effectiveness", Period: Periods.After),
        new Question("q3", QuestionTypes.Likert, "未标注"),
    ])]);

    /// <summary>
    /// Twelve citizens (出岸镇) agree on q1, twelve enterprises (新华路) disagree, two organizations (西环路) sit in the
    /// middle: too few to publish. q2: nearly all agree (small expected counts). q3: citizens and organizations only.
    /// </summary>
    private async Task<long> ConsultationAsync()
    {
        var consultation = await sites.ConsultationAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(Items(), consultationId: consultation);
        var responses = new List<(string, string, Dictionary<string, int>)>();
        for (var i = 0; i < 12; i++)
            responses.Add(("citizen", "chuan", new() { ["q1"] = 5, ["q2"] = i < 10 ? 4 : i == 10 ? 3 : 2, ["q3"] = 4 + i % 2 }));
        for (var i = 0; i < 12; i++)
            responses.Add(("enterprise", "xinhualu", new() { ["q1"] = 1, ["q2"] = i < 10 ? 4 : 2 }));
        for (var i = 0; i < 2; i++)
            responses.Add(("organization", "xihuanlu", new() { ["q1"] = 3, ["q2"] = 3, ["q3"] = 1 }));
        await sites.DataSource.AddResponsesAsync(questionnaire, responses);
        return consultation;
    }

    private async Task<Findings> ComputeAsync(long consultation)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), Options, TimeProvider.System))!;
    }

    private static ItemFinding Item(Findings f, string key) =>
        f.Criteria.SelectMany(c => c.Items).Concat(f.UntaggedItems).Single(i => i.ItemKey == key);

    [Fact]
    public async Task A_group_too_small_to_publish_is_left_out_of_the_test()
    {
        var f = await ComputeAsync(await ConsultationAsync());

        var byType = Item(f, "q1").Groups.Single(g => g.Dimension == "respondent_type");
        Assert.True(byType.Rows.Single(r => r.Group == "organization").Suppressed);
        // Citizens 12 agree, enterprises 12 disagree: the organizations' two neutral answers are not in the table.
        var expected = Statistics.Independence(new long[,] { { 0, 0, 12 }, { 12, 0, 0 } })!;
        Assert.Equal(("chi_square", 1), (byType.Test!.Method, byType.Test.DegreesOfFreedom));
        Assert.Equal(expected.Statistic, byType.Test.Statistic);
        Assert.Equal(expected.P, byType.Test.P);
        Assert.NotEqual(Statistics.Independence(new long[,] { { 0, 0, 12 }, { 12, 0, 0 }, { 0, 2, 0 } })!.P, byType.Test.P);

        // q3: one publishable group left (the citizens): no test at all, though two groups are listed.
        var q3 = Item(f, "q3").Groups.Single(g => g.Dimension == "respondent_type");
        Assert.Equal(2, q3.Rows.Count);
        Assert.Null(q3.Test);

        // What is published of the test is what the engine computed: it carries no suppressed group.
        var published = Item(f.ForPublication(), "q1").Groups.Single(g => g.Dimension == "respondent_type");
        Assert.Equal(byType.Test, published.Test);
    }

    [Fact]
    public async Task Every_group_test_of_the_findings_is_Holm_adjusted_over_all_of_them()
    {
        var f = await ComputeAsync(await ConsultationAsync());

        var tests = f.Criteria.SelectMany(c => c.Items).Concat(f.UntaggedItems).OrderBy(i => i.ItemKey)
            .SelectMany(i => i.Groups).Where(g => g.Test is not null).Select(g => g.Test!).ToList();
        Assert.Equal(4, tests.Count);   // q1 and q2, each by respondent type and by region; q3 has none
        var holm = Statistics.Holm(tests.Select(t => t.P).ToList());
        for (var i = 0; i < tests.Count; i++)
        {
            Assert.Equal(holm[i], tests[i].AdjustedP);
            Assert.Equal(("holm", 4), (tests[i].Adjustment, tests[i].Family));
            Assert.True(tests[i].AdjustedP >= tests[i].P);
        }
        // q2 (two of six expected counts under 5 in a 2×3 table) falls to the Monte Carlo permutation test.
        var q2 = Item(f, "q2").Groups.Single(g => g.Dimension == "respondent_type").Test!;
        Assert.Equal(("monte_carlo", true, 10_000), (q2.Method, q2.SmallExpectedCounts, q2.Draws));
    }

    [Fact]
    public void Groups_differ_only_when_the_adjusted_p_is_under_alpha()
    {
        var test = new Evaluation.Analysis.TestResult("chi_square", 4.2, 1, 0.04, false, AdjustedP: 0.16, Adjustment: "holm", Family: 4);
        Assert.False(test.Differs(0.05));
        Assert.True((test with { AdjustedP = 0.049 }).Differs(0.05));
        Assert.True((test with { AdjustedP = null }).Differs(0.05));   // a lone test, never adjusted
    }

    [Fact]
    public async Task The_export_carries_exact_raw_and_adjusted_p_the_method_the_draws_and_the_small_count_flag()
    {
        var f = await ComputeAsync(await ConsultationAsync());
        var groups = FindingsExport.Tables(f, key => key).Single(t => t.Name == "groups");
        int Column(string name) => Array.IndexOf(groups.Header, name);
        var q1 = Item(f, "q1").Groups.Single(g => g.Dimension == "respondent_type").Test!;
        var row = groups.Rows.First(r => (string?)r[1] == "q1" && (string?)r[2] == "respondent_type");

        Assert.Equal(q1.P, row[Column("p")]);                         // exact, not rounded (about 1e-6 here)
        Assert.True(q1.P < 1e-5);
        Assert.Equal(q1.AdjustedP, row[Column("p_adjusted")]);
        Assert.Equal("holm", row[Column("adjustment")]);
        Assert.Equal(4, row[Column("family")]);
        Assert.Equal("false", row[Column("small_expected_counts")]);
        Assert.Equal("p < 0.001", row[Column("p_shown")]);

        // The items' shares with their Wilson intervals: q1 agreed by 12 of 26 scored answers.
        var items = FindingsExport.Tables(f, key => key).Single(t => t.Name == "items");
        var item = items.Rows.Single(r => (string?)r[2] == "q1");
        var (low, high) = Statistics.Wilson(12, 26);
        Assert.Equal((Math.Round(low, 3), Math.Round(high, 3)),
            ((double)item[Array.IndexOf(items.Header, "agree_ci_low")]!, (double)item[Array.IndexOf(items.Header, "agree_ci_high")]!));

        var q2 = groups.Rows.First(r => (string?)r[1] == "q2" && (string?)r[2] == "respondent_type");
        Assert.Equal(("monte_carlo", 10_000, Statistics.MonteCarloSeed, "true"),
            ((string?)q2[Column("test")], (int?)q2[Column("draws")], (int?)q2[Column("seed")], (string?)q2[Column("small_expected_counts")]));
    }

    [Fact]
    public async Task The_report_counts_the_tests_and_states_both_p_of_each_raw_difference()
    {
        var f = await ComputeAsync(await ConsultationAsync());
        var texts = sites.Admin.Services.GetRequiredService<IStringLocalizer<Evaluation.Shared.Resources.Texts>>();
        var figures = ReportFigures.Compute(new ReportData(1, f, [], [], []), texts);

        // q1 differs by type and by region (p ≈ 1e-6 each, adjusted ≈ 4e-6); q2's permutation p is far above 0.05.
        Assert.Equal(Texts.Get("Report.Figure.GroupTestsValue", "4", "2"), figures["group_tests.count"].Value);
        var q1 = Item(f, "q1");
        var figure = figures[$"group_test.{q1.QuestionnaireId}.q1.respondent_type"].Value;
        Assert.StartsWith(Texts.Get("Findings.ChiSquare", "24.00", 1, "p < 0.001") + Texts.Get("Findings.GroupTest.AdjustedP", "p < 0.001", 4), figure);
        Assert.DoesNotContain(figures.Keys, k => k.StartsWith($"group_test.{q1.QuestionnaireId}.q2.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_findings_page_shows_raw_and_adjusted_p_and_marks_a_difference_on_the_adjusted_one()
    {
        var consultation = await ConsultationAsync();
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var response = await staff.GetAsync($"/Findings/consultation/{consultation}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");

        var q1 = page.QuerySelector("[id$='-q1']")!;
        var test = q1.QuerySelectorAll("summary span[data-test]").First();
        Assert.Contains(Texts.Get("Findings.ChiSquare", "24.00", 1, "p < 0.001"), test.TextContent);
        Assert.Contains(Texts.Get("Findings.GroupTest.AdjustedP", "p < 0.001", 4), test.TextContent);
        Assert.Contains(Texts.Get("Findings.GroupsDiffer"), test.TextContent);
        Assert.Contains("level-concern", test.ClassName);
        Assert.Contains(Texts.Get("Findings.TestedGroups", 5), q1.TextContent);
        Assert.Contains(Texts.Get("Findings.NotTested", 5), page.QuerySelector("[id$='-q3']")!.TextContent);
        Assert.Contains(Texts.Get("Findings.SmallCells.Exact"), page.QuerySelector("[id$='-q2']")!.TextContent);
        Assert.DoesNotContain("p = 0.000", page.Body!.TextContent);
        // Shares carry their Wilson intervals: 12 of 26 agree on q1.
        var (low, high) = Statistics.Wilson(12, 26);
        Assert.Contains($"[{low * 100:0.0}%, {high * 100:0.0}%]", q1.QuerySelector(".share-interval")!.TextContent);
    }
}
