using Evaluation.Analysis;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

/// <summary>
/// How a standard's figures are built from its items: reverse-scored items, before/after pairs, respondent-clustered
/// intervals and borderline conclusions. Reference values from Debian's python3-scipy 1.10.1 (numpy 1.24), computed by
/// <c>/usr/bin/python3</c> on the same answers:
/// <code>
/// import numpy as np; from scipy import stats
/// r = stats.ttest_rel([4,3,3,5,4,5], [2,3,1,4,2,3]); ci = r.confidence_interval(0.95)     # paired
///   → mean 1.5, [0.6219791493446254, 2.378020850655375], p 0.007077597925498281
/// resp = [[1,1,2],[5,5,5],[2,1,2],[4,5,4],[3,3,3],[5,4,5],[1,2,1],[4,4]]                  # clustered (CR1, t on C − 1)
/// y = [sum(a)]; n = [len(a)]; m = Σy/Σn; se = sqrt(C/(C−1)·Σ(y − m·n)²)/Σn; m ± stats.t.ppf(.975, C−1)·se
///   → 3.130434782608696 [1.8009819885959373, 4.459887576621455]
/// naive over the 23 answers: stats.t.interval(.95, 22, mean, sem) → [2.46172807353834, 3.799141491679052]
/// </code>
/// </summary>
public class CriterionFiguresTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly FindingsOptions Options = new() { MinimumAnswers = 2, MinimumCellSize = 1 };

    private async Task<Findings> FindingsAsync(Definition definition, params Dictionary<string, int>[] responses)
    {
        var consultation = await db.ConsultationAsync();
        var questionnaire = await db.PublishedQuestionnaireAsync(definition, consultationId: consultation);
        await db.DataSource.AddResponsesAsync(questionnaire, responses.Select(r => ("citizen", "chuan", r)));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), Options, TimeProvider.System))!;
    }

    private static Definition Items(params Question[] questions) => new([new Section("s1", "评价", null, null, questions)]);

    [Fact]
    public async Task A_reverse_item_answered_agree_makes_its_standards_index_low_while_its_own_table_shows_the_answers_as_given()
    {
        var f = await FindingsAsync(Items(
                new Question("q1", QuestionTypes.Likert, "发车间隔过长，影响出行", Criterion: "operability", Period: "after", Reverse: true)),
            new() { ["q1"] = 4 }, new() { ["q1"] = 5 });

        var operability = f.Criteria.Single(c => c.Criterion == "operability");
        var item = Assert.Single(operability.Items);
        Assert.True(item.Reverse);
        Assert.Equal(4.5, item.Summary.Mean);                    // as answered
        Assert.Equal([0L, 0, 0, 1, 1], item.Summary.Distribution);
        Assert.Equal(12.5, operability.Index);                   // scored 2 and 1: (1.5 − 1) / 4 × 100, not 87.5
        Assert.Equal(1.0, operability.Pooled.Bottom2);           // both disagree with the decision, as the standard counts
        Assert.Equal(0.0, operability.Pooled.Top2);
        Assert.NotEqual(ConclusionLevels.NoConcern, operability.Conclusion.Level);
    }

    [Fact]
    public async Task A_paired_before_after_item_gets_the_paired_interval_and_unpaired_items_are_not_compared()
    {
        var f = await FindingsAsync(Items(
                new Question("q1", QuestionTypes.Likert, "施行前：办事方便", Criterion: "effectiveness", Period: "before", Pair: "q2"),
                new Question("q2", QuestionTypes.Likert, "施行后：办事方便", Criterion: "effectiveness", Period: "after"),
                new Question("q3", QuestionTypes.Likert, "施行后：材料减少", Criterion: "effectiveness", Period: "after"),
                new Question("q4", QuestionTypes.Likert, "施行前：跑腿次数多", Criterion: "effectiveness", Period: "before")),
            new() { ["q1"] = 2, ["q2"] = 4, ["q3"] = 3, ["q4"] = 1 },
            new() { ["q1"] = 3, ["q2"] = 3, ["q3"] = 4, ["q4"] = 2 },
            new() { ["q1"] = 1, ["q2"] = 3, ["q3"] = 2, ["q4"] = 2 },
            new() { ["q1"] = 4, ["q2"] = 5, ["q3"] = 5, ["q4"] = 3 },
            new() { ["q1"] = 2, ["q2"] = 4, ["q3"] = 4, ["q4"] = 1 },
            new() { ["q1"] = 3, ["q2"] = 5, ["q3"] = 3, ["q4"] = 2 },
            new() { ["q1"] = 0, ["q2"] = 4, ["q3"] = 4 },            // "don't know" before: not a pair
            new() { ["q1"] = 2, ["q3"] = 5 });                       // no answer after: not a pair

        var effectiveness = f.Criteria.Single(c => c.Criterion == "effectiveness");
        var comparison = Assert.Single(effectiveness.Comparisons);   // q3 and q4 have no partner: never pooled into a comparison
        Assert.Equal(("q1", "q2", ComparisonMethods.Paired, 6L), (comparison.BeforeKey, comparison.AfterKey, comparison.Method, comparison.N));
        var d = comparison.Difference!;
        Assert.Equal(1.5, d.Value, 12);
        Assert.Equal(0.6219791493446254, d.CiLow, 8);   // MathNet's t quantile agrees with scipy's to ~4e-10
        Assert.Equal(2.378020850655375, d.CiHigh, 8);
        Assert.Equal(0.007077597925498281, d.P, 9);
        Assert.Equal(d.P, comparison.AdjustedP!.Value, 12);          // a family of one: Holm leaves it
        Assert.Equal(1, comparison.Family);
    }

    [Fact]
    public async Task Several_comparisons_are_holm_adjusted_over_the_findings()
    {
        var f = await FindingsAsync(Items(
                new Question("q1", QuestionTypes.Likert, "施行前：合法", Criterion: "legality", Period: "before", Pair: "q2"),
                new Question("q2", QuestionTypes.Likert, "施行后：合法", Criterion: "legality", Period: "after"),
                new Question("q3", QuestionTypes.Likert, "施行前：有效", Criterion: "effectiveness", Period: "before", Pair: "q4"),
                new Question("q4", QuestionTypes.Likert, "施行后：有效", Criterion: "effectiveness", Period: "after")),
            new() { ["q1"] = 2, ["q2"] = 4, ["q3"] = 3, ["q4"] = 3 },
            new() { ["q1"] = 3, ["q2"] = 3, ["q3"] = 2, ["q4"] = 3 },
            new() { ["q1"] = 1, ["q2"] = 3, ["q3"] = 4, ["q4"] = 3 },
            new() { ["q1"] = 2, ["q2"] = 4, ["q3"] = 3, ["q4"] = 4 });

        var comparisons = f.Criteria.SelectMany(c => c.Comparisons).ToList();
        Assert.Equal(2, comparisons.Count);
        var adjusted = Statistics.Holm(comparisons.Select(c => c.Difference!.P).ToList());
        Assert.Equal(adjusted, comparisons.Select(c => c.AdjustedP!.Value));
        Assert.All(comparisons, c => Assert.Equal(2, c.Family));
        Assert.All(comparisons, c => Assert.True(c.AdjustedP >= c.Difference!.P));
    }

    [Fact]
    public async Task A_standards_interval_counts_respondents_and_is_wider_than_the_naive_one_when_each_answers_several_correlated_items()
    {
        int[][] answers = [[1, 1, 2], [5, 5, 5], [2, 1, 2], [4, 5, 4], [3, 3, 3], [5, 4, 5], [1, 2, 1], [4, 4, 0]];
        var f = await FindingsAsync(Items(
                new Question("q1", QuestionTypes.Likert, "符合法律", Criterion: "legality"),
                new Question("q2", QuestionTypes.Likert, "程序合法", Criterion: "legality", Period: "after"),
                new Question("q3", QuestionTypes.Likert, "权限合法", Criterion: "legality")),
            answers.Select(a => new Dictionary<string, int> { ["q1"] = a[0], ["q2"] = a[1], ["q3"] = a[2] }).ToArray());

        var legality = f.Criteria.Single(c => c.Criterion == "legality");
        var clustered = legality.Clustered!;
        Assert.Equal((8L, 23.0), (clustered.Clusters, clustered.Answers));
        Assert.Equal(3.130434782608696, clustered.Mean, 12);
        Assert.Equal(1.8009819885959373, clustered.CiLow, 8);
        Assert.Equal(4.459887576621455, clustered.CiHigh, 8);
        // The naive interval over the 23 answers, as if they came from 23 people, is much narrower.
        Assert.Equal(2.46172807353834, legality.Pooled.CiLow!.Value, 8);
        Assert.Equal(3.799141491679052, legality.Pooled.CiHigh!.Value, 8);
        Assert.True(clustered.CiHigh - clustered.CiLow > legality.Pooled.CiHigh!.Value - legality.Pooled.CiLow!.Value);
        Assert.Equal(legality.Index!.Value, CriterionFinding.ToIndex(clustered.Mean), 9);
        Assert.Equal(CriterionFinding.ToIndex(clustered.CiLow), legality.Conclusion.IndexLow!.Value, 9);
        Assert.Equal(8, legality.Conclusion.Respondents);

        // The disagreement share (9 of 23 answers at 1-2) counts respondents too: three people gave all nine, so the
        // interval is wider than Wilson's over 23 answers as if from 23 people ([0.2216, 0.5921], scipy's
        // binomtest(9, 23).proportion_ci(method='wilson')). Reference (numpy/scipy): d = [3,0,3,0,0,0,3,0] answers at 1-2,
        // n = [3,3,3,3,3,3,3,2]; p = Σd/Σn; v = C/(C−1)·Σ(d − p·n)²/(Σn)²; deff = v / (p(1−p)/Σn); Wilson on Σn/deff
        // (z = stats.norm.ppf(.975)) → n_eff 6.835706751054854, [0.13507361662575368, 0.7257486964904757].
        Assert.Equal(9 / 23.0, legality.Pooled.Bottom2!.Value, 12);
        Assert.Equal(0.13507361662575368, legality.Pooled.Bottom2Low!.Value, 9);
        Assert.Equal(0.7257486964904757, legality.Pooled.Bottom2High!.Value, 9);
        Assert.Equal((legality.Pooled.Bottom2Low, legality.Pooled.Bottom2High), (legality.Conclusion.DisagreementLow, legality.Conclusion.DisagreementHigh));
        var (wilsonLow, wilsonHigh) = Statistics.Wilson(9, 23);
        Assert.Equal(0.22157622792477943, wilsonLow, 9);
        Assert.Equal(0.5921447760861829, wilsonHigh, 9);
        Assert.True(legality.Pooled.Bottom2High - legality.Pooled.Bottom2Low > wilsonHigh - wilsonLow);
    }

    [Fact]
    public async Task Beyond_the_sample_size_the_clustered_interval_comes_from_a_systematic_sample_and_the_mean_stays_exact()
    {
        var consultation = await db.ConsultationAsync();
        var questionnaire = await db.PublishedQuestionnaireAsync(Items(
            new Question("q1", QuestionTypes.Likert, "符合法律", Criterion: "legality", Period: "after"),
            new Question("q2", QuestionTypes.Likert, "程序合法", Criterion: "legality", Period: "after")), consultationId: consultation);
        var ids = await db.DataSource.AddResponsesAsync(questionnaire, Enumerable.Range(0, 12).Select(i => ("citizen", "chuan",
            new Dictionary<string, int> { ["q1"] = 1 + i % 5, ["q2"] = 1 + (i + 1) % 5 })));
        // A small questionnaire beside it (three enterprises): under the sample size, so every one of its respondents is
        // read, whatever the large one's rate; its standard (operability) is not sampled at all.
        var small = await db.PublishedQuestionnaireAsync(Items(
            new Question("e1", QuestionTypes.Likert, "执法规范", Criterion: "legality", Period: "after"),
            new Question("e2", QuestionTypes.Likert, "办理便捷", Criterion: "operability", Period: "after")), consultationId: consultation);
        await db.DataSource.AddResponsesAsync(small,
        [
            ("enterprise", "chuan", new() { ["e1"] = 2, ["e2"] = 4 }),
            ("enterprise", "chuan", new() { ["e1"] = 3, ["e2"] = 5 }),
            ("enterprise", "chuan", new() { ["e1"] = 1, ["e2"] = 2 }),
        ]);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var f = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation),
            new FindingsOptions { MinimumAnswers = 2, MinimumCellSize = 1, ClusterSampleSize = 4 }, TimeProvider.System))!;

        var legality = f.Criteria.Single(c => c.Criterion == "legality");
        var sampled = ids.Count(id => id % 3 == 0);                 // 12 respondents, at most 4 read: every third response
        Assert.Equal(sampled + 3, legality.ClusterSample);          // and the small questionnaire's three, each read
        var clustered = legality.Clustered!;
        Assert.Equal(legality.Pooled.Mean!.Value, clustered.Mean, 12);   // the mean from all 27 answers
        Assert.Equal(27.0, clustered.Answers);
        Assert.Equal(15, clustered.Clusters);                       // 12 estimated from the sample (weighted 12 / sampled) + 3
        Assert.True(clustered.CiLow < clustered.Mean && clustered.Mean < clustered.CiHigh);

        var operability = f.Criteria.Single(c => c.Criterion == "operability");
        Assert.Null(operability.ClusterSample);
        Assert.Equal(3, operability.Clustered!.Clusters);
        Assert.Equal(11 / 3.0, operability.Clustered.Mean, 12);
    }

    [Fact]
    public async Task Excluded_responses_leave_the_cluster_sums_and_the_pairs()
    {
        var consultation = await db.ConsultationAsync();
        var questionnaire = await db.PublishedQuestionnaireAsync(Items(
            new Question("q1", QuestionTypes.Likert, "施行前", Criterion: "legality", Period: "before", Pair: "q2"),
            new Question("q2", QuestionTypes.Likert, "施行后", Criterion: "legality", Period: "after")), consultationId: consultation);
        var ids = await db.DataSource.AddResponsesAsync(questionnaire,
        [
            ("citizen", "chuan", new() { ["q1"] = 2, ["q2"] = 4 }),
            ("citizen", "chuan", new() { ["q1"] = 3, ["q2"] = 4 }),
            ("citizen", "chuan", new() { ["q1"] = 1, ["q2"] = 5 }),
            ("citizen", "chuan", new() { ["q1"] = 5, ["q2"] = 1 }),
        ]);
        await db.DataSource.ScalarAsync<long>(
            "insert into analysis_exclusion (consultation_id, response_id, reason, excluded_by_name) values (@consultation, @r, '测试数据', '王芳') returning id",
            new { consultation, r = ids[3] });
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var f = (await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), Options, TimeProvider.System))!;

        var legality = f.Criteria.Single(c => c.Criterion == "legality");
        Assert.Equal(3, legality.Clustered!.Clusters);
        Assert.Equal(13.0 / 3, legality.Clustered.Mean, 12);
        var comparison = Assert.Single(legality.Comparisons);
        Assert.Equal(3, comparison.N);
        Assert.Equal(7.0 / 3, comparison.Difference!.Value, 12);
    }

    [Fact]
    public void An_interval_straddling_a_threshold_gives_borderline_and_one_wholly_past_it_a_firm_level()
    {
        var options = new FindingsOptions { MinimumAnswers = 10 };
        // Mean 3.0 (index 50, under the concern line 60) from 13 answers; disagreement 5 of 13.
        var summary = Statistics.Summarize([3, 2, 3, 2, 3]);
        Assert.Equal(50, summary.Index!.Value, 9);

        // Index interval [35, 65]: it straddles 60 and 40; the disagreement interval straddles 20% and 40%.
        var wide = FindingsEngine.Conclude(summary, new ClusteredMean(3.0, 2.4, 3.6, 13, 13), [], options);
        Assert.Equal(ConclusionLevels.Borderline, wide.Level);
        Assert.Contains("serious_low_index_borderline", wide.Reasons);
        Assert.Contains("low_index_borderline", wide.Reasons);
        Assert.Contains("serious_disagreement_borderline", wide.Reasons);
        Assert.Equal((35.0, 65.0), (Math.Round(wide.IndexLow!.Value, 9), Math.Round(wide.IndexHigh!.Value, 9)));

        // The same mean with an interval wholly under 60 and over 40, and a disagreement share wholly at or over 20%: a firm concern.
        var firm = FindingsEngine.Conclude(Statistics.Summarize([0, 300, 700, 0, 0]), new ClusteredMean(2.7, 2.65, 2.75, 1000, 1000), [], options);
        Assert.Equal(ConclusionLevels.Concern, firm.Level);
        Assert.Equal(["disagreement", "low_index"], firm.Reasons);

        // Wholly past the concern lines but straddling the serious ones: a firm concern (never 临界, which would say less
        // than the data settle), the straddled serious rules named among its reasons.
        var concern = FindingsEngine.Conclude(Statistics.Summarize([0, 380, 620, 0, 0]), new ClusteredMean(2.62, 2.45, 2.81, 1000, 1000), [], options);
        Assert.Equal(ConclusionLevels.Concern, concern.Level);
        Assert.Equal(["disagreement", "low_index", "serious_disagreement_borderline", "serious_low_index_borderline"], concern.Reasons);
        Assert.Equal("临界", Texts.Get("Conclusion.borderline"));
    }

    [Fact]
    public void A_decline_counts_against_the_standard_only_when_its_adjusted_p_is_under_alpha()
    {
        var options = new FindingsOptions { MinimumAnswers = 10 };
        var summary = Statistics.Summarize([0, 0, 0, 500, 500]);
        var clustered = new ClusteredMean(4.5, 4.45, 4.55, 1000, 1000);
        PeriodComparison Decline(double p, double? adjusted) => new(1, "q1", "前", 1, "q2", "后", ComparisonMethods.Paired, 1000, summary, summary,
            new Difference(-0.2, -0.3, -0.1, p, ComparisonMethods.Paired), adjusted, 3);

        Assert.Contains("worse_than_before", FindingsEngine.Conclude(summary, clustered, [Decline(0.02, 0.02)], options).Reasons);
        Assert.Equal(ConclusionLevels.NoConcern, FindingsEngine.Conclude(summary, clustered, [Decline(0.02, 0.06)], options).Level);
    }
}
