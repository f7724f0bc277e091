using Evaluation.Analysis;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

/// <summary>What leaves the evaluators' hands goes through ForPublication: small groups lose their figures (Art. 7).</summary>
public class FindingsPublicationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly FindingsOptions Options = new() { MinimumAnswers = 2, MinimumCellSize = 3 };

    private async Task<Findings> FindingsAsync(TimeProvider clock)
    {
        var consultation = await db.ConsultationAsync();
        var questionnaire = await db.PublishedQuestionnaireAsync(new Definition([new Section("s1", "评价", null, null,
            [new Question("q1", QuestionTypes.Likert, "合法", Required: true, Criterion: "legality", Period: Periods.After)])]), consultationId: consultation);
        // Three citizens (a group large enough to publish) and one enterprise (too small).
        await db.DataSource.AddResponsesAsync(questionnaire,
        [
            ("citizen", "chuan", new() { ["q1"] = 4 }),
            ("citizen", "chuan", new() { ["q1"] = 5 }),
            ("citizen", "chuan", new() { ["q1"] = 4 }),
            ("enterprise", "chuan", new() { ["q1"] = 1 }),
        ]);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), Options, clock))!;
    }

    [Fact]
    public async Task A_group_under_the_minimum_cell_size_keeps_its_mark_but_loses_its_figures()
    {
        var findings = await FindingsAsync(TimeProvider.System);
        GroupRow Row(Findings f, string group) => f.Criteria.Single(c => c.Criterion == "legality").Items[0].Groups
            .Single(g => g.Dimension == "respondent_type").Rows.Single(r => r.Group == group);

        Assert.Equal(1, Row(findings, "enterprise").Summary.N);          // Admin sees the figure, marked
        Assert.True(Row(findings, "enterprise").Suppressed);

        var published = findings.ForPublication();
        var enterprise = Row(published, "enterprise");
        Assert.True(enterprise.Suppressed);
        Assert.Equal(0, enterprise.Summary.N);
        Assert.Null(enterprise.Summary.Mean);
        Assert.Equal([0L, 0, 0, 0, 0], enterprise.Summary.Distribution);
        Assert.Equal(Row(findings, "citizen"), Row(published, "citizen"));   // large enough: unchanged
        Assert.Equal(4, published.Criteria.Single(c => c.Criterion == "legality").Pooled.N);   // totals stay

        var groups = FindingsExport.Tables(findings, key => key).Single(t => t.Name == "groups");
        var exported = groups.Rows.Single(r => (string?)r[2] == "respondent_type" && (string?)r[3] == "RespondentType.enterprise");
        Assert.Equal([null, null, null, null, "suppressed"], exported[4..9]);
    }

    [Fact]
    public async Task Findings_are_dated_by_the_injected_clock()
    {
        var then = new DateTimeOffset(2031, 3, 15, 2, 30, 0, TimeSpan.Zero);
        var findings = await FindingsAsync(new FixedClock(then));
        Assert.Equal(then.UtcDateTime, findings.ComputedAt);
    }
}
