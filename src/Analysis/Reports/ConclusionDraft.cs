using System.Globalization;
using Evaluation.Shared.Resources;
using Microsoft.Extensions.Localization;

namespace Evaluation.Analysis.Reports;

/// <summary>What the draft proposes for one standard: a level and the reasons (Texts keys "Evidence.Reason.*").</summary>
public sealed record Proposal(string Level, IReadOnlyList<string> Reasons);

/// <summary>
/// Art. 16, 19(3), 27 ("定性分析与定量分析相结合"): the draft conclusion of a standard from both the survey's rule and the
/// findings of the other methods. The rules, in order:
/// 1. 合法性 (Art. 15(1)) rests on legality evidence (<see cref="EvidenceSources.IsLegalityEvidence"/>): without any, no
///    firm level is proposed, whatever the survey says; with some, only those findings weigh as the other evidence below.
/// 2. The other methods' findings give a level of their own: any finding raising a concern gives "concern", a serious
///    concern where its counted share reaches the survey's serious-disagreement threshold (the same figure, so one rule
///    of severity); findings that only support give "no concern".
/// 3. A survey with too few answers (insufficient) gives way to the other evidence, and the draft says the survey's
///    limits; without other evidence the standard stays insufficient.
/// 4. Where both have a level, the more cautious one is proposed, and the draft says whether they agree.
/// The evaluator judges; the draft never replaces the judgement.
/// </summary>
public static class ConclusionDraft
{
    /// <summary>The levels a judgement may take, from the least to the most cautious after "insufficient".</summary>
    public static readonly string[] Levels = [ConclusionLevels.Insufficient, ConclusionLevels.NoConcern, ConclusionLevels.Borderline, ConclusionLevels.Concern,
        ConclusionLevels.SeriousConcern];

    /// <summary>Whether a level states a firm judgement (not insufficient, not borderline).</summary>
    public static bool IsFirm(string level) => level is ConclusionLevels.NoConcern or ConclusionLevels.Concern or ConclusionLevels.SeriousConcern;

    private static int Severity(string level) => level switch
    {
        ConclusionLevels.NoConcern => 1,
        ConclusionLevels.Borderline => 2,
        ConclusionLevels.Concern => 3,
        ConclusionLevels.SeriousConcern => 4,
        _ => 0,
    };

    public static Proposal Propose(ConclusionSnapshot s, double seriousShare)
    {
        var reasons = new List<string>();
        var legality = s.Criterion == "legality";
        var weighed = legality ? s.Evidence.Where(e => e.Legality).ToList() : s.Evidence.ToList();
        if (legality && weighed.Count == 0)
            return new Proposal(ConclusionLevels.Insufficient, ["legality_lacks_evidence"]);

        var concerns = weighed.Where(e => e.Direction == EvidenceSources.Concern).ToList();
        string? evidence = null;
        if (concerns.Any(e => e.Share >= seriousShare)) { evidence = ConclusionLevels.SeriousConcern; reasons.Add("serious_concern"); }
        else if (concerns.Count > 0) { evidence = ConclusionLevels.Concern; reasons.Add("concern"); }
        else if (weighed.Count > 0) { evidence = ConclusionLevels.NoConcern; reasons.Add("supports"); }

        // The survey: its own level where it has enough answers (for legality only beside the legality evidence).
        var survey = s.Level == ConclusionLevels.Insufficient ? null : s.Level;
        if (evidence is null)
        {
            if (survey is null) return new Proposal(ConclusionLevels.Insufficient, ["no_evidence"]);
            return new Proposal(survey, ["survey_only"]);
        }
        if (survey is null)
        {
            reasons.Add("survey_limited");
            return new Proposal(evidence, reasons);
        }
        if (survey == evidence) reasons.Add("agree");
        else reasons.Add("disagree");
        return new Proposal(Severity(survey) >= Severity(evidence) ? survey : evidence, reasons);
    }

    /// <summary>The reasoning of a proposal in words, without figures: what the evaluator starts a judgement from.</summary>
    public static string Reasoning(Proposal p, IStringLocalizer<Texts> t) =>
        string.Concat(p.Reasons.Select(r => t[$"Evidence.Reason.{r}"].Value));

    /// <summary>
    /// The figures and findings a conclusion quotes, one line each, rendered from the snapshot (never typed): the
    /// survey, the coded opinions, each finding of the other methods. <paramref name="only"/>: just the linked evidence.
    /// </summary>
    public static IReadOnlyList<string> Basis(ConclusionSnapshot s, IStringLocalizer<Texts> t, IReadOnlyCollection<string>? only = null)
    {
        var lines = new List<string>();
        bool Wanted(string key) => only is null || only.Contains(key);
        if (Wanted(EvidenceKeys.Survey))
            lines.Add(SurveyLine(s, t));
        if (s.Opinions is { Coded: > 0 } o && Wanted(EvidenceKeys.Opinions))
            lines.Add(t["Evidence.Draft.Opinions", N(o.Coded), N(o.CodedDistinct), N(o.Suggested)].Value);
        foreach (var e in s.Evidence.Where(e => Wanted(e.Key)))
            lines.Add(FindingLine(e, t));
        return lines;
    }

    public static string SurveyLine(ConclusionSnapshot s, IStringLocalizer<Texts> t) =>
        s.Answers == 0 ? t["Evidence.Draft.NoSurvey"].Value
        : s.Level == ConclusionLevels.Insufficient
            ? t["Evidence.Draft.SurveyInsufficient", N(s.Answers), N(s.MinimumAnswers)].Value
            : t["Evidence.Draft.Survey", N(s.Answers), Num(s.Index, "0.0"),
                s.IndexLow is { } lo && s.IndexHigh is { } hi ? string.Create(CultureInfo.InvariantCulture, $"[{lo:0.0}, {hi:0.0}]") : "—",
                Pct(s.Disagreement), t[$"Conclusion.{s.Level}"].Value].Value;

    public static string FindingLine(EvidenceFinding e, IStringLocalizer<Texts> t) =>
        t["Evidence.Draft.Finding", SourceName(e, t), OfficialDocument.Date(e.On), e.Statement,
            Counts(e), t[$"Evidence.Direction.{e.Direction}"].Value].Value;

    /// <summary>"（12/30，40.0%）", or nothing where the method has no counts.</summary>
    public static string Counts(EvidenceFinding e) =>
        e.Numerator is { } n && e.Denominator is { } d ? string.Create(CultureInfo.InvariantCulture, $"（{n}/{d}，{Pct(e.Share)}）") : "";

    /// <summary>The source as a reader names it: the method, the kind of information item, or the data request, with its title.</summary>
    public static string SourceName(EvidenceFinding e, IStringLocalizer<Texts> t)
    {
        var kind = e.Source switch
        {
            EvidenceSources.Method => t[$"Method.{e.SourceKind}"].Value,
            EvidenceSources.InformationItem => t[$"InfoItem.Kind.{e.SourceKind}"].Value,
            _ => t["Evidence.Source.data_request"].Value,
        };
        return e.SourceTitle.Length == 0 ? kind : t["Format.LabelValue", kind, e.SourceTitle].Value;
    }

    /// <summary>The whole draft text: the reasoning, then the basis.</summary>
    public static string Text(ConclusionSnapshot s, Proposal p, IStringLocalizer<Texts> t) =>
        string.Join("\n", Basis(s, t).Prepend(Reasoning(p, t)));

    /// <summary>
    /// The conclusion of a standard as the report and the pages state it: the judgement (level, the evaluator's words,
    /// the figures of the linked evidence) where there is one, otherwise the draft's proposal marked as such.
    /// </summary>
    public static string Statement(ConclusionSnapshot s, double seriousShare, IStringLocalizer<Texts> t)
    {
        if (s.Judgement is { } j)
            return string.Join("\n", Basis(s, t, j.Evidence).Prepend(t["Evidence.Judged", t[$"Conclusion.{j.Level}"].Value, j.Text].Value));
        var p = Propose(s, seriousShare);
        return string.Join("\n", Basis(s, t).Prepend(t["Evidence.Proposed", t[$"Conclusion.{p.Level}"].Value, Reasoning(p, t)].Value));
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Num(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";
    private static string Pct(double? share) => share is { } x ? string.Create(CultureInfo.InvariantCulture, $"{x * 100:0.0}%") : "—";
}
