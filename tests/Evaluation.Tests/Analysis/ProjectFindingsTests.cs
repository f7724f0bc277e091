using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

/// <summary>The findings of a project are those of the consultations linked to it, pooled (Art. 19(3)).</summary>
public class ProjectFindingsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly FindingsOptions Options = new() { MinimumAnswers = 2, MinimumCellSize = 2 };

    [Fact]
    public async Task A_projects_findings_equal_the_sum_of_its_linked_consultations()
    {
        var decision = await db.DataSource.DecisionAsync();
        var definition = new Definition([new Section("s1", "评价", null, null,
            [new Question("q1", QuestionTypes.Likert, "合法", Criterion: "legality", Period: Periods.After)])]);
        var first = await db.ConsultationAsync(decision);
        var second = await db.ConsultationAsync(decision);
        var unlinked = await db.ConsultationAsync(decision);
        await db.DataSource.AddResponsesAsync(await db.PublishedQuestionnaireAsync(definition, consultationId: first),
            [("citizen", "chuan", new() { ["q1"] = 5 }), ("citizen", "chuan", new() { ["q1"] = 4 })]);
        await db.DataSource.AddResponsesAsync(await db.PublishedQuestionnaireAsync(definition, consultationId: second),
            [("enterprise", "qingta", new() { ["q1"] = 1 }), ("citizen", "qingta", new() { ["q1"] = 2 }), ("citizen", "qingta", new() { ["q1"] = 2 })]);
        await db.DataSource.AddResponsesAsync(await db.PublishedQuestionnaireAsync(definition, consultationId: unlinked),
            [("citizen", "chuan", new() { ["q1"] = 5 })]);
        var project = await db.DataSource.ProjectAsync(decision);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("insert into project_consultation (project_id, consultation_id) values (@project, @first), (@project, @second)",
            new { project, first, second });

        var a = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(first), Options, TimeProvider.System))!;
        var b = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(second), Options, TimeProvider.System))!;
        var p = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Project(project), Options, TimeProvider.System))!;

        LikertSummary Legality(Findings f) => f.Criteria.Single(c => c.Criterion == "legality").Pooled;
        Assert.Equal(Legality(a).N + Legality(b).N, Legality(p).N);
        Assert.Equal(Legality(a).Distribution.Zip(Legality(b).Distribution, (x, y) => x + y), Legality(p).Distribution);
        Assert.Equal(2.8, Legality(p).Mean!.Value, 9);   // (5 + 4 + 1 + 2 + 2) / 5: the unlinked consultation's 5 is not in it
        Assert.Equal("project", p.Scope);
        Assert.Equal(a.Participation.Questionnaires.Sum(q => q.Submitted) + b.Participation.Questionnaires.Sum(q => q.Submitted),
            p.Participation.Questionnaires.Sum(q => q.Submitted));
    }
}
