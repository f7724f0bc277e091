namespace Evaluation.Analysis.Reports;

/// <summary>
/// Art. 19(3): one standard's preliminary conclusion as generated from the findings and stored with the project
/// (evaluation_project.preliminary_conclusions, a JSON array of these), so that later data does not change what was
/// reviewed; the report quotes it. Level, Reasons and the figures are the survey's rule (<see cref="Conclusion"/>);
/// IndexLow/IndexHigh the index's respondent-clustered interval (as the rules read it); Opinions the coded opinions
/// with quotations; Evidence the findings of the other methods (Art. 16, 27) that bear on the standard; Judgement the
/// evaluator's judgement with the evidence it links, null until one is made (the draft of <see cref="ConclusionDraft"/>
/// stands until then).
/// </summary>
public sealed record ConclusionSnapshot(string Criterion, string Level, IReadOnlyList<string> Reasons, long Answers, double? Index,
    double? Disagreement, double? Agreement)
{
    public double? IndexLow { get; init; }
    public double? IndexHigh { get; init; }
    public int MinimumAnswers { get; init; }
    public OpinionEvidence? Opinions { get; init; }
    public IReadOnlyList<EvidenceFinding> Evidence { get; init; } = [];
    public Judgement? Judgement { get; init; }

    /// <summary>The keys of every piece of evidence a judgement of this standard may link.</summary>
    public IReadOnlyList<string> EvidenceKeys() =>
        [.. Answers > 0 ? [Reports.EvidenceKeys.Survey] : Array.Empty<string>(),
         .. Opinions is { Coded: > 0 } ? [Reports.EvidenceKeys.Opinions] : Array.Empty<string>(),
         .. Evidence.Select(e => e.Key)];

    /// <summary>The snapshot of every standard of the findings, as generated (without other evidence).</summary>
    public static IReadOnlyList<ConclusionSnapshot> Of(Findings findings) =>
        Of(findings, [], new Dictionary<string, OpinionEvidence>());

    /// <summary>The snapshot of every standard with the findings of the other methods and the coded opinions.</summary>
    public static IReadOnlyList<ConclusionSnapshot> Of(Findings findings, IReadOnlyList<EvidenceFinding> evidence,
        IReadOnlyDictionary<string, OpinionEvidence> opinions) =>
        findings.Criteria.Select(c => new ConclusionSnapshot(c.Criterion, c.Conclusion.Level, c.Conclusion.Reasons,
            c.Conclusion.Answers, c.Conclusion.Index, c.Conclusion.Disagreement, c.Conclusion.Agreement)
        {
            // The index's respondent-clustered interval, the one the rules read (never the narrower one over answers).
            IndexLow = c.Conclusion.IndexLow,
            IndexHigh = c.Conclusion.IndexHigh,
            MinimumAnswers = findings.Options.MinimumAnswers,
            Opinions = opinions.GetValueOrDefault(c.Criterion),
            Evidence = evidence.Where(e => e.Criteria.Contains(c.Criterion)).ToList(),
        }).ToList();

    /// <summary>
    /// A new generation keeps each judgement whose linked evidence is all still there (the evaluator reads it again
    /// before the new review); a judgement that linked evidence now gone is dropped, with the draft in its place.
    /// </summary>
    public static IReadOnlyList<ConclusionSnapshot> KeepJudgements(IReadOnlyList<ConclusionSnapshot> generated, IReadOnlyList<ConclusionSnapshot> previous) =>
        generated.Select(g => previous.FirstOrDefault(p => p.Criterion == g.Criterion)?.Judgement is { } j
                              && j.Evidence.All(g.EvidenceKeys().Contains) ? g with { Judgement = j } : g).ToList();
}
