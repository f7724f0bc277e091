using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Analysis;

public class FindingsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly FindingsOptions Options = new() { MinimumAnswers = 4, MinimumCellSize = 3 };

    /// <summary>Legality: one item now; effectiveness: a before and an after item; operability: a matrix row.</summary>
    private static Definition Scales() => new([new Section("s1", "评价", null, null,
    [
        new Question("q1", QuestionTypes.Likert, "合法", Required: true, Criterion: "legality", Period: "after"),
        new Question("q2", QuestionTypes.Likert, "施行前满意度", Criterion: "effectiveness", Period: "before", Pair: "q3"),
        new Question("q3", QuestionTypes.Likert, "施行后满意度", Criterion: "effectiveness", Period: "after"),
        new Question("q4", QuestionTypes.Matrix, "矩阵", MatrixRows: [new MatrixRow("r1", "程序简便", "operability")]),
        new Question("q5", QuestionTypes.Likert, "未标注"),
    ])]);

    private async Task<(long Consultation, long Questionnaire)> SetUpAsync()
    {
        var consultation = await db.ConsultationAsync();
        var questionnaire = await db.PublishedQuestionnaireAsync(Scales(), consultationId: consultation);
        return (consultation, questionnaire);
    }

    private async Task<Findings> ComputeAsync(long consultation)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), Options, TimeProvider.System))!;
    }

    [Fact]
    public async Task Item_figures_criteria_and_conclusions_follow_the_answers()
    {
        var (consultation, questionnaire) = await SetUpAsync();
        // q1: points 1,2,2,5 and one "don't know" → n 4, mean 2.5, median 2, disagree 75% → concern (see below).
        await db.DataSource.AddResponsesAsync(questionnaire,
        [
            ("citizen", "chuan", new() { ["q1"] = 1, ["q2"] = 2, ["q3"] = 4, ["q4.r1"] = 5 }),
            ("citizen", "chuan", new() { ["q1"] = 2, ["q2"] = 2, ["q3"] = 5, ["q4.r1"] = 4 }),
            ("enterprise", "qingta", new() { ["q1"] = 2, ["q2"] = 1, ["q3"] = 4, ["q4.r1"] = 4 }),
            ("enterprise", "qingta", new() { ["q1"] = 5, ["q2"] = 2, ["q3"] = 5, ["q4.r1"] = 5 }),
            ("organization", "chuan", new() { ["q1"] = 0, ["q5"] = 3 }),
        ]);

        var f = await ComputeAsync(consultation);

        var legality = f.Criteria.Single(c => c.Criterion == "legality");
        var q1 = Assert.Single(legality.Items).Summary;
        Assert.Equal((4L, 1L), (q1.N, q1.DontKnow));
        Assert.Equal([1L, 2, 0, 0, 1], q1.Distribution);
        Assert.Equal(2.5, q1.Mean);
        Assert.Equal(2.0, q1.Median);
        Assert.Equal(0.75, q1.Bottom2);
        // 75% disagree, but of four people: the interval (Wilson on the effective size, here 3: [25.6%, 96.3%]) is wholly
        // over the concern line (20%) and straddles the serious one (40%): a firm concern, the straddled rule named.
        Assert.Equal("concern", legality.Conclusion.Level);
        Assert.Contains("disagreement", legality.Conclusion.Reasons);
        Assert.Contains("serious_disagreement_borderline", legality.Conclusion.Reasons);
        Assert.Equal(37.5, legality.Index);

        // Effectiveness: now (after) all agree; before → after rose from 1.75 to 4.5. None of four disagrees, yet four
        // people cannot rule out a fifth disagreeing (Wilson on four: 0%-49% straddles 20%): borderline, not a firm "no concern".
        var effectiveness = f.Criteria.Single(c => c.Criterion == "effectiveness");
        Assert.Equal("borderline", effectiveness.Conclusion.Level);
        Assert.Equal(["disagreement_borderline", "serious_disagreement_borderline"], effectiveness.Conclusion.Reasons.Order());
        Assert.Equal(4, effectiveness.Pooled.N);   // the before item does not count as the current state
        var beforeAfter = Assert.Single(effectiveness.Comparisons);   // the pair q2 → q3, the same four respondents
        Assert.Equal(ComparisonMethods.Paired, beforeAfter.Method);
        Assert.Equal(2.75, beforeAfter.Difference!.Value, 9);
        Assert.True(beforeAfter.Difference.CiLow > 0);

        Assert.Equal(4.5, f.Criteria.Single(c => c.Criterion == "operability").Pooled.Mean);
        Assert.Equal("insufficient", f.Criteria.Single(c => c.Criterion == "coordination").Conclusion.Level);
        Assert.Equal(6, f.Criteria.Count);   // the six standards of Art. 15 for a normative document
        Assert.Equal("q5", Assert.Single(f.UntaggedItems).ItemKey);

        var byType = legality.Items[0].Groups.Single(g => g.Dimension == "respondent_type");
        Assert.Equal(["citizen", "enterprise"], byType.Rows.Where(r => r.Summary.N > 0).Select(r => r.Group));
        Assert.All(byType.Rows, r => Assert.True(r.Suppressed));   // two answers each, under the minimum of three
        Assert.Null(byType.Test);   // and so not tested either (Art. 7: not published through a test statistic)
        Assert.Equal(5, Assert.Single(f.Participation.Questionnaires).Submitted);
    }

    [Fact]
    public async Task Excluded_responses_and_opinions_leave_the_figures_and_are_listed_with_their_reason()
    {
        var (consultation, questionnaire) = await SetUpAsync();
        var ids = await db.DataSource.AddResponsesAsync(questionnaire,
        [
            ("citizen", "chuan", new() { ["q1"] = 5 }),
            ("citizen", "chuan", new() { ["q1"] = 1 }),
        ]);
        var opinion = await db.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen, null, null, "chuan", "广告", false));
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync(
                """
                insert into analysis_exclusion (consultation_id, response_id, reason, excluded_by_name) values (@consultation, @r, '测试数据', '王芳');
                insert into analysis_exclusion (consultation_id, opinion_id, reason, excluded_by_name) values (@consultation, @o, '与本决策无关的广告', '王芳');
                """, new { consultation, r = ids[1], o = opinion.OpinionId });
        }

        var f = await ComputeAsync(consultation);

        var q1 = f.Criteria.Single(c => c.Criterion == "legality").Items[0].Summary;
        Assert.Equal([0L, 0, 0, 0, 1], q1.Distribution);
        Assert.Equal((1L, 1L), (f.Participation.Opinions, f.Participation.OpinionsExcluded));
        Assert.Equal(1, f.Participation.Questionnaires[0].Excluded);
        Assert.Equal(2, f.Exclusions.Count);
        Assert.Contains(f.Exclusions, x => x is { Kind: "response", Reason: "测试数据", ExcludedBy: "王芳" } && x.SubjectId == ids[1]);
        Assert.Contains(f.Exclusions, x => x is { Kind: "opinion", Reason: "与本决策无关的广告" });
    }

    [Fact]
    public async Task Findings_are_reused_until_new_data_arrives()
    {
        var (consultation, questionnaire) = await SetUpAsync();
        await db.DataSource.AddResponsesAsync(questionnaire, [("citizen", "chuan", new() { ["q1"] = 4 })]);
        var first = await FindingsStore.GetAsync(db.DataSource, FindingsScope.Consultation(consultation), Options, TimeProvider.System);
        var again = await FindingsStore.GetAsync(db.DataSource, FindingsScope.Consultation(consultation), Options, TimeProvider.System);
        Assert.Equal(first!.ComputedAt, again!.ComputedAt);

        await db.DataSource.AddResponsesAsync(questionnaire, [("citizen", "chuan", new() { ["q1"] = 2 })]);
        var fresh = await FindingsStore.GetAsync(db.DataSource, FindingsScope.Consultation(consultation), Options, TimeProvider.System);
        Assert.NotEqual(first.ComputedAt, fresh!.ComputedAt);
        Assert.Equal(2, fresh.Criteria.Single(c => c.Criterion == "legality").Items[0].Summary.N);
    }

    [Fact]
    public async Task Without_a_replica_the_findings_are_computed_on_the_one_connection_they_hold()
    {
        var (consultation, questionnaire) = await SetUpAsync();
        await db.DataSource.AddResponsesAsync(questionnaire, [("citizen", "chuan", new() { ["q1"] = 4 })]);
        // As Database.ReadMostly without a replica: the read-mostly source is the primary itself. With a pool of one,
        // a second connection taken while the first is held would wait for it until the timeout.
        await using var one = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = 1, Timeout = 2 }.ConnectionString);

        var (recent, current) = await FindingsStore.GetRecentAsync(one, FindingsScope.Consultation(consultation), Options, TimeProvider.System,
            TimeSpan.MaxValue, readMostly: one);
        await db.DataSource.AddResponsesAsync(questionnaire, [("citizen", "chuan", new() { ["q1"] = 2 })]);
        var fresh = await FindingsStore.GetAsync(one, FindingsScope.Consultation(consultation), Options, TimeProvider.System, readMostly: one);

        Assert.True(current);
        Assert.Equal(1, recent!.Criteria.Single(c => c.Criterion == "legality").Items[0].Summary.N);
        Assert.Equal(2, fresh!.Criteria.Single(c => c.Criterion == "legality").Items[0].Summary.N);
    }

    [Fact]
    public async Task A_decision_pools_all_its_consultations()
    {
        var decision = await db.DataSource.DecisionAsync();
        foreach (var point in new[] { 5, 3 })
        {
            var consultation = await db.ConsultationAsync(decision);
            var questionnaire = await db.PublishedQuestionnaireAsync(Scales(), consultationId: consultation);
            await db.DataSource.AddResponsesAsync(questionnaire, [("citizen", "chuan", new() { ["q1"] = point })]);
        }
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var f = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Decision(decision), Options, TimeProvider.System))!;
        var legality = f.Criteria.Single(c => c.Criterion == "legality");
        Assert.Equal(2, legality.Items.Count);
        Assert.Equal(4.0, legality.Pooled.Mean);
    }
}
