namespace Evaluation.Shared.Consultations;

public enum ConsultationPhase { Draft, Upcoming, Open, Closed }

public static class ConsultationStates
{
    public const string Draft = "draft";
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>
/// Whether a consultation takes opinions. It closes by itself at its closing time: a consultation whose state is
/// still "open" after closes_at is closed, so no background job is needed for correctness.
/// </summary>
public static class ConsultationRules
{
    public static ConsultationPhase PhaseAt(string state, DateTime opensAt, DateTime closesAt, DateTime now) => state switch
    {
        ConsultationStates.Draft => ConsultationPhase.Draft,
        ConsultationStates.Closed => ConsultationPhase.Closed,
        _ when now >= closesAt => ConsultationPhase.Closed,
        _ when now < opensAt => ConsultationPhase.Upcoming,
        _ => ConsultationPhase.Open,
    };

    public static bool AcceptsOpinions(string state, DateTime opensAt, DateTime closesAt, DateTime now) =>
        PhaseAt(state, opensAt, closesAt, now) == ConsultationPhase.Open;

    /// <summary>The same rule as SQL, for statements that must decide inside the database.</summary>
    public const string AcceptsOpinionsSql = "state = 'open' and opens_at <= @now and closes_at > @now";

    /// <summary>
    /// Whether an opinion given between @earliest and @latest falls in the window, even when it is recorded later: a
    /// letter posted in time (only the postmark's day is known), an e-mail that arrived in time and was assigned
    /// afterwards. For a moment (@earliest = @latest = now) it is the same rule as AcceptsOpinionsSql.
    /// </summary>
    public const string TookOpinionsDuringSql =
        "(state = 'open' and opens_at <= @latest and closes_at > @earliest or state = 'closed' and opens_at <= @latest and closed_at > @earliest)";
}
