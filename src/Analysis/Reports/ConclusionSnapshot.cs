namespace Evaluation.Analysis.Reports;

/// <summary>
/// Art. 19(3): one standard's preliminary conclusion as generated from the findings and stored with the project
/// (evaluation_project.preliminary_conclusions, a JSON array of these), so that later data does not change what was
/// reviewed; the report quotes it.
/// </summary>
public sealed record ConclusionSnapshot(string Criterion, string Level, IReadOnlyList<string> Reasons, long Answers, double? Index,
    double? Disagreement, double? Agreement)
{
    /// <summary>The snapshot of every standard of the findings, as generated.</summary>
    public static IReadOnlyList<ConclusionSnapshot> Of(Findings findings) =>
        findings.Criteria.Select(c => new ConclusionSnapshot(c.Criterion, c.Conclusion.Level, c.Conclusion.Reasons,
            c.Conclusion.Answers, c.Conclusion.Index, c.Conclusion.Disagreement, c.Conclusion.Agreement)).ToList();
}
