using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Evaluation.Tests.Analysis;

/// <summary>The report's p-values (issue 22): as the pages show them, with the Holm-adjusted p beside the raw one.</summary>
public class ReportPValueTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_before_after_figure_states_the_raw_and_the_Holm_adjusted_p_of_its_family()
    {
        var consultation = await sites.ConsultationAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(new Definition([new Section("s1", "评价", null, null,
        [
            new Question("q1", QuestionTypes.Likert, "施行前合法", Criterion: "legality", Period: Periods.Before, Pair: "q2"),
            new Question("q2", QuestionTypes.Likert, "施行后合法", Criterion: "legality", Period: Periods.After),
            new Question("q3", QuestionTypes.Likert, "施行前有效", Criterion: "effectiveness", Period: Periods.Before, Pair: "q4"),
            new Question("q4", QuestionTypes.Likert, "施行后有效", Criterion: "effectiveness", Period: Periods.After),
        ])]), consultationId: consultation);
        // Legality: every respondent one or two points better; effectiveness: no change on the whole.
        await sites.DataSource.AddResponsesAsync(questionnaire, Enumerable.Range(0, 6).Select(i =>
            ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = 2, ["q2"] = 3 + i % 2, ["q3"] = 3, ["q4"] = 2 + 2 * (i % 2) })));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var f = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), new FindingsOptions(), TimeProvider.System))!;
        var texts = sites.Admin.Services.GetRequiredService<IStringLocalizer<Evaluation.Shared.Resources.Texts>>();

        var figure = ReportFigures.Compute(new ReportData(1, f, [], [], []), texts)["criterion.legality.before_after"].Value;

        var legality = f.Criteria.Single(c => c.Criterion == "legality").BeforeAfter!;
        Assert.Equal(2, legality.Family);
        var raw = Statistics.Paired(6, 9, 15)!.P;     // ≈ 0.0011
        Assert.Equal(raw, legality.Difference!.P);
        Assert.Equal(Statistics.Holm([raw, 1.0])[0], legality.AdjustedP);   // effectiveness: mean difference 0, p = 1
        Assert.Equal($"+1.50 [{legality.Difference.CiLow:0.00}, {legality.Difference.CiHigh:0.00}], {Statistics.FormatP(raw)}, "
            + Statistics.FormatP(legality.AdjustedP!.Value, "p(Holm)") + $"（{Texts.Get("Findings.Method.paired")}）", figure);
    }
}
