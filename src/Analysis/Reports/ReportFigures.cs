using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Dapper;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Analysis.Reports;

/// <summary>One figure of a report: its value as shown, what it is, the page with its evidence, and its place in the
/// report's order (a JSON object keeps no order of its own).</summary>
public sealed record Figure(string Value, string Label, string Source, int Order = 0);

/// <summary>A figure whose data changed since the version was drafted: the value then and now (null: not there).</summary>
public sealed record FigureChange(string Key, string Label, string? Old, string? New, string Source);

public sealed record MethodRow(long Id, string Method, DateOnly HeldOn, int? ParticipantCount, string? Period, string Summary);

/// <summary>Everything a report is pre-filled from, read from the project's data as it is now.</summary>
public sealed record ReportData(
    long ProjectId,
    Findings Findings,
    IReadOnlyList<(long Id, string Title, Findings Findings)> Consultations,
    IReadOnlyList<ConclusionSnapshot> Conclusions,
    IReadOnlyList<MethodRow> Methods,
    CostBenefitTable? CostBenefit = null);

/// <summary>
/// Art. 20, 21, 28 and Art. 6: the figures of a report come from the data only (the findings of the linked
/// consultations, the preliminary conclusions, the methods log, the exclusion log), each keyed and linked to its
/// evidence. A version keeps the figures it was drafted with; the page recomputes them and flags every difference.
/// </summary>
public static class ReportFigures
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The data of a project as it is now. <paramref name="preliminaryConclusions"/> is the project's stored
    /// snapshot of Art. 19(3) (JSON of <see cref="ConclusionSnapshot"/>), null before they were generated.</summary>
    public static async Task<ReportData> LoadAsync(NpgsqlDataSource db, long projectId, string? preliminaryConclusions, FindingsOptions options,
        TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var findings = await FindingsStore.GetAsync(db, FindingsScope.Project(projectId), options, clock, cancellationToken)
                       ?? throw new InvalidOperationException($"no findings for project {projectId}");
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var linked = (await conn.QueryAsync<(long Id, string Title)>(
            """
            select c.id, c.title from project_consultation pc join consultation c on c.id = pc.consultation_id
            where pc.project_id = @id order by c.opens_at, c.id
            """, new { id = projectId })).ToList();
        var consultations = new List<(long, string, Findings)>();
        foreach (var (id, title) in linked)
            if (await FindingsStore.GetAsync(db, FindingsScope.Consultation(id), options, clock, cancellationToken) is { } f)
                consultations.Add((id, title, f));
        var methods = (await conn.QueryAsync<MethodRow>(
            """
            select id, method, held_on, participant_count, period, summary from project_method
            where project_id = @id order by held_on, id
            """, new { id = projectId })).ToList();
        var conclusions = preliminaryConclusions is { } json
            ? JsonSerializer.Deserialize<List<ConclusionSnapshot>>(json) ?? []
            : [];
        // Art. 25(2), 27: the cost-benefit statistics of the project (Projects/CostBenefit).
        var costBenefit = await CostBenefit.LoadAsync(conn, projectId);
        return new ReportData(projectId, findings, consultations, conclusions, methods, costBenefit);
    }

    /// <summary>The figures of the data as it is now, by key (ordinal order).</summary>
    public static SortedDictionary<string, Figure> Compute(ReportData d, IStringLocalizer<Texts> t)
    {
        var figures = new SortedDictionary<string, Figure>(StringComparer.Ordinal);
        var pid = d.ProjectId;
        var findings = $"/Findings/project/{pid}";
        var details = $"/Projects/Details/{pid}";
        void Add(string key, string value, string label, string source) => figures[key] = new Figure(value, label, source, figures.Count + 1);

        // Participation: opinions and questionnaire responses, overall, by respondent type and per linked consultation.
        var p = d.Findings.Participation;
        Add("participation.opinions", N(p.Opinions), t["Report.Figure.Opinions"], $"{findings}#participation");
        Add("participation.opinions_excluded", N(p.OpinionsExcluded), t["Report.Figure.OpinionsExcluded"], $"{findings}#exclusions");
        foreach (var c in p.ByRespondentType)
            Add($"participation.respondent_type.{c.Key}", N(c.Value), t["Report.Figure.OpinionsByType", t[$"RespondentType.{c.Key}"]], $"{findings}#participation");
        foreach (var c in p.ByChannel)
            Add($"participation.channel.{c.Key}", N(c.Value), t["Report.Figure.OpinionsByChannel", t[$"Channel.{c.Key}"]], $"{findings}#participation");
        foreach (var q in p.Questionnaires)
        {
            Add($"participation.questionnaire.{q.Id}.submitted", N(q.Submitted), t["Report.Figure.Responses", q.Title], $"{findings}#questionnaire-participation");
            Add($"participation.questionnaire.{q.Id}.excluded", N(q.Excluded), t["Report.Figure.ResponsesExcluded", q.Title], $"{findings}#questionnaire-participation");
            foreach (var c in q.ByRespondentType)
                Add($"participation.questionnaire.{q.Id}.respondent_type.{c.Key}", N(c.Value),
                    t["Report.Figure.ResponsesByType", q.Title, t[$"RespondentType.{c.Key}"]], $"{findings}#questionnaire-participation");
        }
        foreach (var (id, title, f) in d.Consultations)
        {
            Add($"participation.consultation.{id}.opinions", N(f.Participation.Opinions), t["Report.Figure.ConsultationOpinions", title],
                $"/Findings/consultation/{id}#participation");
            Add($"participation.consultation.{id}.responses", N(f.Participation.Questionnaires.Sum(q => q.Submitted)),
                t["Report.Figure.ConsultationResponses", title], $"/Findings/consultation/{id}#participation");
        }
        // Campaign groups (many copies of one text) are counted, never merged away.
        if (d.Findings.Text is { } text)
        {
            Add("campaigns.count", N(text.Campaigns.Count), t["Report.Figure.Campaigns"], $"{findings}#text");
            Add("campaigns.opinions", N(text.OpinionsInCampaigns), t["Report.Figure.CampaignOpinions"], $"{findings}#text");
        }

        // Art. 15: per standard, the scored answers, the index, the mean with its 95% interval, agreement and the
        // before/after test.
        foreach (var c in d.Findings.Criteria)
        {
            var name = t[$"Criterion.{c.Criterion}"].Value;
            var source = $"{findings}#criterion-{c.Criterion}";
            var key = $"criterion.{c.Criterion}";
            Add($"{key}.answers", N(c.Conclusion.Answers), t["Report.Figure.Answers", name], source);
            if (c.Pooled.N == 0 && c.Comparisons.Count == 0)
            {
                // No scored answers: nothing more to state than that, and the finding it gives.
                Add($"{key}.finding", t[$"Conclusion.{c.Conclusion.Level}"], t["Report.Figure.Finding", name], $"{findings}#conclusion-{c.Criterion}");
                continue;
            }
            // The standard's mean and index with their respondent-clustered interval, the disagreement with its Wilson
            // interval (README, Analysis): the figures the conclusion's rules read.
            Add($"{key}.index", c.IndexInterval is { } ii ? string.Create(Invariant, $"{c.Index:0.0} [{ii.Low:0.0}, {ii.High:0.0}]") : Num(c.Index, "0.0"),
                t["Report.Figure.Index", name], source);
            Add($"{key}.mean", MeanText(c), t["Report.Figure.Mean", name], source);
            Add($"{key}.agree", Pct(c.Pooled.Top2), t["Report.Figure.Agree", name], source);
            Add($"{key}.disagree", Pct(c.Pooled.Bottom2) + (c.Pooled.Bottom2Low is { } dl && c.Pooled.Bottom2High is { } dh
                ? string.Create(Invariant, $" [{dl * 100:0.0}%, {dh * 100:0.0}%]") : ""), t["Report.Figure.Disagree", name], source);
            // Each before/after pair (Art. 19(1)) with its method, and the Holm-adjusted p beside the raw one where the
            // findings hold more than one comparison (a family of one is not adjusted). One pair keeps the plain key.
            foreach (var ba in c.Comparisons)
                if (ba.Difference is { } diff)
                    Add(c.Comparisons.Count == 1 ? $"{key}.before_after" : $"{key}.before_after.{ba.QuestionnaireId}.{ba.BeforeKey}",
                        ComparisonText(ba, diff, t),
                        c.Comparisons.Count == 1 ? t["Report.Figure.BeforeAfter", name] : t["Report.Figure.BeforeAfterPair", name, ba.AfterLabel], source);
            Add($"{key}.finding", t[$"Conclusion.{c.Conclusion.Level}"], t["Report.Figure.Finding", name], $"{findings}#conclusion-{c.Criterion}");
        }

        // Whether groups (respondent types, regions) answer an item differently: how many tests, how many differ on the
        // Holm-adjusted p (the family: every group test of the project's findings), and each test whose raw p is under
        // Alpha with both its p, so the reader sees what the adjustment kept and what it did not.
        var alpha = d.Findings.Options.Alpha;
        var groupTests = d.Findings.Criteria.SelectMany(c => c.Items).Concat(d.Findings.UntaggedItems)
            .SelectMany(i => i.Groups.Where(g => g.Test is not null).Select(g => (Item: i, g.Dimension, Test: g.Test!)))
            .ToList();
        if (groupTests.Count > 0)
            Add("group_tests.count", t["Report.Figure.GroupTestsValue", N(groupTests.Count), N(groupTests.Count(x => x.Test.Differs(alpha)))],
                t["Report.Figure.GroupTests"], $"{findings}#criteria");
        foreach (var (item, dimension, test) in groupTests.Where(x => x.Test.P < alpha))
            Add($"group_test.{item.QuestionnaireId}.{item.ItemKey}.{dimension}", GroupTestText.Describe(test, t, alpha),
                t["Report.Figure.GroupTest", item.Label, t[$"Findings.By.{dimension}"]],
                $"{findings}#item-{item.QuestionnaireId}-{item.ItemKey.Replace('.', '-')}");

        // Art. 19(3): the preliminary conclusions as generated and reviewed, with their reasons.
        foreach (var c in d.Conclusions)
            Add($"conclusion.{c.Criterion}", ConclusionText(c, t), t["Report.Figure.Conclusion", t[$"Criterion.{c.Criterion}"]], $"{details}#conclusions");

        // Art. 16, 19(3), 27: per standard, the evaluator's judgement (or the draft's proposal before one is made), the
        // coded opinions and every finding of the other methods it can rest on, each linked to its record.
        var serious = d.Findings.Options.SeriousDisagreement;
        Add("evidence.count", N(d.Conclusions.SelectMany(c => c.Evidence).Select(e => e.Id).Distinct().Count()), t["Report.Figure.EvidenceCount"],
            $"/Projects/Evidence/{pid}");
        foreach (var c in d.Conclusions)
        {
            var name = t[$"Criterion.{c.Criterion}"].Value;
            Add($"evidence.{c.Criterion}.judgement", JudgementText(c, serious, t), t["Report.Figure.Judgement", name],
                $"/Projects/Conclusion/{pid}/{c.Criterion}");
            if (c.Opinions is { Coded: > 0 } o)
                Add($"evidence.{c.Criterion}.opinions", N(o.Coded), t["Report.Figure.EvidenceOpinions", name], $"{findings}#text");
            foreach (var e in c.Evidence)
                Add($"evidence.{c.Criterion}.finding.{e.Id}", ConclusionDraft.FindingLine(e, t),
                    t["Report.Figure.EvidenceFinding", name, ConclusionDraft.SourceName(e, t)], $"/Projects/Evidence/{pid}#finding-{e.Id}");
        }

        // Art. 16, 27: the methods log.
        // Art. 25(2): each cost and benefit with its period and source, the totals, the net benefit and the ratio.
        if (d.CostBenefit is { Rows.Count: > 0 } cb)
        {
            var source = $"/Projects/CostBenefit/{pid}";
            foreach (var r in cb.Rows)
                Add($"cost_benefit.{r.Kind}.{r.Id}", t["Report.Text.CostBenefitRow", Yuan(r.Amount), CostBenefitPeriod(r), r.Source].Value,
                    t["Report.Figure.CostBenefitRow", t[$"CostBenefit.Kind.{r.Kind}"], r.Item], source);
            Add("cost_benefit.total.costs", Yuan(cb.Costs), t["Report.Figure.CostBenefitCosts"], source);
            Add("cost_benefit.total.benefits", Yuan(cb.Benefits), t["Report.Figure.CostBenefitBenefits"], source);
            Add("cost_benefit.total.net", Yuan(cb.Net), t["Report.Figure.CostBenefitNet"], source);
            Add("cost_benefit.total.ratio", cb.Ratio is { } ratio ? ratio.ToString("0.00", Invariant) : "—", t["Report.Figure.CostBenefitRatio"], source);
        }
        Add("methods.count", N(d.Methods.Count + d.Consultations.Count), t["Report.Figure.Methods"], $"{details}#methods");
        foreach (var m in d.Methods)
            Add($"method.{m.Id}", MethodText(m, t), t["Report.Figure.Method", t[$"Method.{m.Method}"]], $"{details}#methods");

        // Art. 6: what was left out of the analysis, and why.
        Add("exclusions.count", N(d.Findings.Exclusions.Count), t["Report.Figure.Exclusions"], $"{findings}#exclusions");
        foreach (var x in d.Findings.Exclusions)
            Add($"exclusion.{x.Kind}.{x.SubjectId}", x.Reason, t["Report.Figure.Exclusion", t[$"Findings.Kind.{x.Kind}"], x.SubjectId],
                x.Kind == "opinion" ? $"/Opinions/Details/{x.SubjectId}" : $"/Questionnaires/Response/{x.SubjectId}");
        return figures;
    }

    /// <summary>The figures that differ between a version and the data now (changed, gone or new).</summary>
    public static IReadOnlyList<FigureChange> Changes(IReadOnlyDictionary<string, Figure> stored, IReadOnlyDictionary<string, Figure> current) =>
        stored.Keys.Union(current.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, old: stored.GetValueOrDefault(k), now: current.GetValueOrDefault(k)))
            .Where(x => x.old?.Value != x.now?.Value)
            .OrderBy(x => (x.now ?? x.old)!.Order)
            .Select(x => new FigureChange(x.k, (x.now ?? x.old)!.Label, x.old?.Value, x.now?.Value, (x.now ?? x.old)!.Source))
            .ToList();

    public static string ToJson(IReadOnlyDictionary<string, Figure> figures) => JsonSerializer.Serialize(figures, Json);

    public static SortedDictionary<string, Figure> FromJson(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, Figure>>(json, Json) ?? [], StringComparer.Ordinal);

    /// <summary>
    /// The prose each part starts with, built from the same data as the figures (never invented): methods and
    /// participation, the findings per standard, the conclusions with their reasons. Evaluators edit it.
    /// </summary>
    public static Dictionary<string, string> Draft(ReportData d, string form, IStringLocalizer<Texts> t)
    {
        var p = d.Findings.Participation;
        var methods = d.Consultations.Select(c => t["Report.Text.ConsultationMethod", c.Title].Value)
            .Concat(d.Methods.Select(m => MethodText(m, t))).ToList();
        var methodsText = methods.Count == 0 ? t["Report.Text.NoMethods"].Value
            : t["Report.Text.Methods", string.Join(t["Format.Semicolon"].Value, methods)].Value;
        var types = string.Join(t["Format.Comma"].Value, p.ByRespondentType.Select(c => $"{t[$"RespondentType.{c.Key}"]} {N(c.Value)}"));
        var participation = t["Report.Text.Participation", N(p.Opinions), N(p.OpinionsExcluded), types.Length == 0 ? "—" : types,
            N(p.Questionnaires.Sum(q => q.Submitted)), N(p.Questionnaires.Sum(q => q.Excluded))].Value;
        var campaigns = d.Findings.Text is { } text ? t["Report.Text.Campaigns", N(text.Campaigns.Count), N(text.OpinionsInCampaigns)].Value : "";
        var exclusions = t["Report.Text.Exclusions", N(d.Findings.Exclusions.Count)].Value;
        var criteria = string.Join("\n", d.Findings.Criteria.Select(c => c.Pooled.N == 0 && c.Comparisons.Count == 0
            ? t["Report.Text.CriterionNoData", t[$"Criterion.{c.Criterion}"], t[$"Conclusion.{c.Conclusion.Level}"]].Value
            : t["Report.Text.Criterion", t[$"Criterion.{c.Criterion}"], N(c.Conclusion.Answers),
            Num(c.Index, "0.0"), MeanText(c), Pct(c.Pooled.Top2), Pct(c.Pooled.Bottom2),
            c.Comparisons.Count == 0 ? "—" : string.Join(t["Format.Semicolon"].Value, c.Comparisons.Where(x => x.Difference is not null)
                .Select(x => ComparisonText(x, x.Difference!, t))),
            t[$"Conclusion.{c.Conclusion.Level}"]].Value));
        // Each standard under its own heading, numbered in the text as official documents are ("（一）合法性").
        criteria = string.Join("\n", d.Findings.Criteria.Select((c, i) => $"（{OfficialDocument.Chinese(i + 1)}）{t[$"Criterion.{c.Criterion}"]}")
            .Zip(criteria.Split('\n'), (heading, line) => $"{heading}\n{line}"));
        // Art. 19(3), 21(3), 28: the conclusion of each standard is the team's judgement with the figures of the evidence it
        // links (the draft's proposal, marked as such, where none was made).
        var serious = d.Findings.Options.SeriousDisagreement;
        var conclusions = d.Conclusions.Count == 0 ? t["Report.Text.NoConclusions"].Value
            : string.Join("\n", d.Conclusions.Select(c => t["Format.LabelValue", t[$"Criterion.{c.Criterion}"], ConclusionDraft.Statement(c, serious, t)].Value));
        var concerns = d.Conclusions.Where(c => JudgedLevel(c, serious) is ConclusionLevels.Concern or ConclusionLevels.SeriousConcern).ToList();
        var problems = concerns.Count == 0 ? t["Report.Text.NoConcerns"].Value
            : string.Join("\n", concerns.Select(c => t["Format.LabelValue", t[$"Criterion.{c.Criterion}"], ConclusionDraft.Statement(c, serious, t)].Value));
        var costBenefit = d.CostBenefit is { Rows.Count: > 0 } cb
            ? t["Report.Text.CostBenefit", TenThousandYuan(cb.Costs), TenThousandYuan(cb.Benefits), TenThousandYuan(cb.Net),
                cb.Ratio is { } r ? r.ToString("0.00", Invariant) : "—"].Value
            : "";
        string Lines(params string[] lines) => string.Join("\n", lines.Where(l => l.Length > 0));
        return form == ReportForms.NormativeDocument
            ? new()
            {
                [ReportParts.BasicFacts] = Lines(methodsText, participation, campaigns, exclusions),
                [ReportParts.ImplementationAnalysis] = Lines(criteria, costBenefit),
                [ReportParts.Conclusions] = conclusions,
                [ReportParts.OtherMatters] = exclusions,
            }
            : new()
            {
                [ReportParts.OverallEvaluation] = Lines(participation, campaigns, criteria, costBenefit),
                [ReportParts.Basis] = Lines(methodsText, exclusions),
                [ReportParts.ProblemsAndRemedies] = problems,
                [ReportParts.Recommendation] = conclusions,
            };
    }

    /// <summary>The level a standard stands at: the judgement's, or the draft's proposal before one is made.</summary>
    public static string JudgedLevel(ConclusionSnapshot c, double seriousShare) => c.Judgement?.Level ?? ConclusionDraft.Propose(c, seriousShare).Level;

    private static string JudgementText(ConclusionSnapshot c, double seriousShare, IStringLocalizer<Texts> t) =>
        c.Judgement is { } j ? t["Evidence.Judged", t[$"Conclusion.{j.Level}"].Value, j.Text].Value
        : ConclusionDraft.Propose(c, seriousShare) is var p ? t["Evidence.Proposed", t[$"Conclusion.{p.Level}"].Value, ConclusionDraft.Reasoning(p, t)].Value : "";

    private static string ConclusionText(ConclusionSnapshot c, IStringLocalizer<Texts> t) =>
        c.Reasons.Count == 0 ? t[$"Conclusion.{c.Level}"].Value
            : t["Format.Parenthesized", t[$"Conclusion.{c.Level}"], string.Join(t["Format.Semicolon"].Value, c.Reasons.Select(r => t[$"Reason.{r}"].Value))].Value;

    private static string MethodText(MethodRow m, IStringLocalizer<Texts> t) =>
        t["Report.Text.Method", t[$"Method.{m.Method}"], OfficialDocument.Date(m.HeldOn),
            m.ParticipantCount is { } n ? N(n) : "—", m.Period is null ? "" : t["Format.Comma"].Value + t[$"Period.{m.Period}"].Value].Value;

    /// <summary>The mean with its interval: the respondent-clustered one where there is one (README, Analysis).</summary>
    private static string MeanText(CriterionFinding c) =>
        c.Clustered is { } k ? string.Create(Invariant, $"{k.Mean:0.00} [{k.CiLow:0.00}, {k.CiHigh:0.00}]")
        : c.Pooled.Mean is { } m ? c.Pooled.CiLow is { } lo && c.Pooled.CiHigh is { } hi ? string.Create(Invariant, $"{m:0.00} [{lo:0.00}, {hi:0.00}]") : Num(m)
        : "—";

    private static string ComparisonText(PeriodComparison ba, Difference diff, IStringLocalizer<Texts> t) =>
        string.Create(Invariant, $"{diff.Value:+0.00;-0.00} [{diff.CiLow:0.00}, {diff.CiHigh:0.00}], {Statistics.FormatP(diff.P)}")
        + (ba.AdjustedP is { } adjusted && ba.Family > 1 ? ", " + Statistics.FormatP(adjusted, "p(Holm)") : "")
        + t["Format.Parenthesized", "", t[$"Findings.Method.{ba.Method}"]].Value;

    private static string Yuan(decimal amount) => amount.ToString("#,0.00", Invariant);

    /// <summary>An amount in 万元 for the prose, as official documents write large sums (the annex keeps yuan).</summary>
    private static string TenThousandYuan(decimal amount) => (amount / 10_000m).ToString("0.####", Invariant);

    private static string CostBenefitPeriod(CostBenefitRow r) =>
        r.PeriodText ?? $"{(r.PeriodFrom is { } f ? OfficialDocument.Date(f) : "")}—{(r.PeriodTo is { } to ? OfficialDocument.Date(to) : "")}";

    private static string N(long n) => n.ToString(Invariant);
    private static string Num(double? v, string format = "0.00") => v is { } x ? x.ToString(format, Invariant) : "—";
    private static string Pct(double? share) => share is { } s ? string.Create(Invariant, $"{s * 100:0.0}%") : "—";
}
