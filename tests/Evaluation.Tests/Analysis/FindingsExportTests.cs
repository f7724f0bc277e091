using Evaluation.Analysis;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

/// <summary>What the findings export carries of the tests (issue 22): exact p beside the shown one, method, N, adjustment.</summary>
public class FindingsExportTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Each_before_after_pair_is_exported_with_its_method_n_and_exact_raw_and_adjusted_p()
    {
        var consultation = await db.ConsultationAsync();
        var questionnaire = await db.PublishedQuestionnaireAsync(new Definition([new Section("s1", "评价", null, null,
        [
            new Question("q1", QuestionTypes.Likert, "施行前满意度", Criterion: "effectiveness", Period: Periods.Before, Pair: "q2"),
            new Question("q2", QuestionTypes.Likert, "施行后满意度", Criterion: "effectiveness", Period: Periods.After),
        ])]), consultationId: consultation);
        // Six respondents, each one or two points better after: paired differences 1,2,1,2,1,2.
        await db.DataSource.AddResponsesAsync(questionnaire, Enumerable.Range(0, 6)
            .Select(i => ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = 2, ["q2"] = 3 + i % 2 })));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var f = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), new FindingsOptions(), TimeProvider.System))!;

        var table = FindingsExport.Tables(f, key => key).Single(t => t.Name == "comparisons");
        object? Cell(string column) => Assert.Single(table.Rows)[Array.IndexOf(table.Header, column)];
        var expected = Statistics.Paired(6, 9, 15)!;   // mean 1.5, t = 1.5 / (0.5477 / √6) = 6.708, df 5
        Assert.Equal(("effectiveness", "q1", "q2", "paired", 6L), ((string?)Cell("criterion"), (string?)Cell("before_item"),
            (string?)Cell("after_item"), (string?)Cell("method"), (long?)Cell("n")));
        Assert.Equal(1.5, Cell("difference"));
        Assert.Equal(expected.P, Cell("p"));                 // exact: about 0.0011
        Assert.Equal(expected.P, Cell("p_adjusted"));        // a family of one
        Assert.Equal(("holm", 1), ((string?)Cell("adjustment"), (int?)Cell("family")));
        Assert.Equal(Statistics.FormatP(expected.P), Cell("p_shown"));
    }
}
