namespace Evaluation.Analysis;

/// <summary>
/// The thresholds of the preliminary conclusions and of publication; configuration section "Findings". Conclusions
/// come from these rules alone, stated with their figures, never preset (Art. 6).
/// </summary>
public sealed class FindingsOptions
{
    /// <summary>Fewer scored answers than this for a criterion: no conclusion, "insufficient data".</summary>
    public int MinimumAnswers { get; set; } = 30;
    /// <summary>Share disagreeing (bottom two points) from which a criterion is a concern / a serious concern.</summary>
    public double ConcernDisagreement { get; set; } = 0.20;
    public double SeriousDisagreement { get; set; } = 0.40;
    /// <summary>Criterion index (0-100) under which a criterion is a concern / a serious concern.</summary>
    public double ConcernIndex { get; set; } = 60;
    public double SeriousIndex { get; set; } = 40;
    /// <summary>Groups smaller than this are suppressed in anything meant for publication (Art. 7).</summary>
    public int MinimumCellSize { get; set; } = 5;
    /// <summary>Significance level of the group and before/after tests.</summary>
    public double Alpha { get; set; } = 0.05;
    /// <summary>Beyond this many respondents a standard's clustered interval is estimated from a systematic sample of about as many.</summary>
    public int ClusterSampleSize { get; set; } = 20_000;

    public bool IsValid() => MinimumAnswers > 0 && MinimumCellSize > 0 && Alpha is > 0 and < 1 && ClusterSampleSize > 1
        && ConcernDisagreement is > 0 and <= 1 && SeriousDisagreement >= ConcernDisagreement
        && ConcernIndex is > 0 and <= 100 && SeriousIndex <= ConcernIndex;
}

/// <summary>The implementation-stage findings of a consultation, or of all consultations of a decision (Art. 19(3)).</summary>
public sealed record Findings(
    string Scope,
    long ScopeId,
    string Title,
    string DecisionKind,
    DateTime ComputedAt,
    long DataVersion,
    Participation Participation,
    IReadOnlyList<CriterionFinding> Criteria,
    IReadOnlyList<ItemFinding> UntaggedItems,
    IReadOnlyList<Exclusion> Exclusions,
    FindingsOptions Options,
    Text.TextFindingsResult? Text = null);

public sealed record Count(string Key, long Value);

public sealed record Participation(
    long Opinions,
    long OpinionsExcluded,
    IReadOnlyList<Count> ByChannel,
    IReadOnlyList<Count> ByRespondentType,
    IReadOnlyList<Count> ByRegion,
    IReadOnlyList<Count> ByDay,
    IReadOnlyList<QuestionnaireParticipation> Questionnaires);

/// <summary>Started = submitted + still in progress; completion rate = submitted / started.</summary>
public sealed record QuestionnaireParticipation(long Id, string Title, string Audience, long Submitted, long InProgress, long Excluded,
    IReadOnlyList<Count> ByRespondentType, IReadOnlyList<Count> ByRegion)
{
    public double? CompletionRate => Submitted + InProgress == 0 ? null : Submitted / (double)(Submitted + InProgress);
}

/// <summary>An opinion or response left out of the analysis, with the recorded reason and who decided (Art. 6).</summary>
public sealed record Exclusion(string Kind, long SubjectId, string Reason, string ExcludedBy, DateTime ExcludedAt);

/// <summary>
/// One scale item (a Likert question or a matrix row) of one questionnaire, over all its versions. Its figures are the
/// answers as given; Reverse (negatively worded, 反向计分) only says that its standard's figures score it 6 − point;
/// PairKey (on a "before" item) names its "after" counterpart.
/// </summary>
public sealed record ItemFinding(long QuestionnaireId, string QuestionnaireTitle, string ItemKey, string Label, string? Criterion,
    string? Period, LikertSummary Summary, IReadOnlyList<GroupBreakdown> Groups, bool Reverse = false, string? PairKey = null);

public sealed record GroupRow(string Group, LikertSummary Summary, bool Suppressed);

/// <summary>An item broken down by respondent type or region, with the test of whether the groups differ.</summary>
public sealed record GroupBreakdown(string Dimension, IReadOnlyList<GroupRow> Rows, TestResult? Test);

/// <summary>
/// Art. 19(1): one "before" item against the "after" item it is paired with, after − before on the standard's scoring
/// (reverse items inverted). Method "paired" where the same respondents answered both (the mean of their differences,
/// N respondents who gave a score to both); "welch" where different people answered each (two questionnaires, N =
/// answers before + after). AdjustedP: Holm over every before/after comparison of the findings (<see cref="Family"/>).
/// </summary>
public sealed record PeriodComparison(long QuestionnaireId, string BeforeKey, string BeforeLabel, long AfterQuestionnaireId, string AfterKey,
    string AfterLabel, string Method, long N, LikertSummary Before, LikertSummary After, Difference? Difference, double? AdjustedP = null,
    int Family = 1);

public static class ComparisonMethods
{
    public const string Paired = "paired";
    public const string Welch = "welch";
}

/// <summary>The levels of a preliminary conclusion; their names are in Texts.resx under "Conclusion.&lt;level&gt;".</summary>
public static class ConclusionLevels
{
    public const string Insufficient = "insufficient";
    public const string NoConcern = "no_concern";
    public const string Concern = "concern";
    public const string SeriousConcern = "serious_concern";
    /// <summary>临界: the interval of a threshold rule straddles its threshold, so the data do not settle the level.</summary>
    public const string Borderline = "borderline";
}

/// <summary>
/// A preliminary conclusion: the level the rules give, the reasons (which rule fired), and the figures it rests on.
/// Levels: insufficient, no_concern, concern, serious_concern, borderline (an interval straddles a threshold). The index
/// interval is respondent-clustered; the disagreement interval is Wilson's.
/// </summary>
public sealed record Conclusion(string Level, IReadOnlyList<string> Reasons, long Answers, double? Index, double? Disagreement, double? Agreement,
    double? IndexLow = null, double? IndexHigh = null, double? DisagreementLow = null, double? DisagreementHigh = null, long? Respondents = null);

/// <summary>
/// A standard's figures. Pooled: the answers to its current items (after, or untagged by period) with reverse items
/// inverted; Index = (mean − 1) / 4 × 100 of that; Clustered: the same mean with an interval that counts respondents,
/// not answers (ClusterSample: the respondents of the systematic sample it was estimated from, beyond
/// FindingsOptions.ClusterSampleSize respondents; null when every respondent was read). Comparisons: one per before/after
/// pair of its items, none for unpaired items.
/// </summary>
public sealed record CriterionFinding(string Criterion, IReadOnlyList<ItemFinding> Items, LikertSummary Pooled, double? Index,
    IReadOnlyList<PeriodComparison> Comparisons, Conclusion Conclusion, ClusteredMean? Clustered = null, long? ClusterSample = null)
{
    /// <summary>The index's 95% interval, from the clustered interval of the mean.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (double Low, double High)? IndexInterval => Clustered is { } c ? (ToIndex(c.CiLow), ToIndex(c.CiHigh)) : null;

    /// <summary>
    /// The one comparison of a standard that has exactly one, else null: the export's conclusions row has one
    /// before/after column set (every pair is in its comparisons sheet, and the report lists each, from
    /// <see cref="Comparisons"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PeriodComparison? BeforeAfter => Comparisons.Count == 1 ? Comparisons[0] : null;

    /// <summary>A mean on the 1-5 scale as a 0-100 index (1 → 0, 5 → 100).</summary>
    public static double ToIndex(double mean) => (mean - 1) / 4 * 100;
}
