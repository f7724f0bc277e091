namespace Evaluation.Shared.Consultations;

public enum ConsultationPhase { Draft, Upcoming, Open, Closed }

public static class ConsultationStates
{
    public const string Draft = "draft";
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>
/// Whether a consultation takes opinions: the one home of that rule, in C# and in SQL. A consultation closes by itself
/// at its closing time: one whose state is still "open" after it is closed, so no background job is needed. Its
/// effective closing time is the column <c>consultation.ends_at</c> (the planned closes_at, or earlier when staff
/// closed it by hand).
/// </summary>
public static class ConsultationRules
{
    public static ConsultationPhase PhaseAt(string state, DateTime opensAt, DateTime endsAt, DateTime now) => state switch
    {
        ConsultationStates.Draft => ConsultationPhase.Draft,
        ConsultationStates.Closed => ConsultationPhase.Closed,
        _ when now >= endsAt => ConsultationPhase.Closed,
        _ when now < opensAt => ConsultationPhase.Upcoming,
        _ => ConsultationPhase.Open,
    };

    public static bool AcceptsOpinions(string state, DateTime opensAt, DateTime endsAt, DateTime now) =>
        PhaseAt(state, opensAt, endsAt, now) == ConsultationPhase.Open;

    /// <summary>The same rule as SQL over a consultation aliased <c>c</c>, for statements that decide inside the
    /// database (the intake's UPDATE, the response submission): open, opened, and not yet ended at @now.</summary>
    public const string AcceptsSql = $"c.state = '{ConsultationStates.Open}' and c.opens_at <= @now and c.ends_at > @now";

    /// <summary>
    /// Whether an opinion given between @earliest and @latest falls in the window, even when it is recorded later: a
    /// letter posted in time (only the postmark's day is known), an e-mail that arrived in time and was assigned
    /// afterwards. For a moment (@earliest = @latest = now) it is AcceptsSql: a closed consultation ended before now.
    /// </summary>
    public const string TookOpinionsDuringSql =
        $"c.opens_at <= @latest and c.ends_at > @earliest and (c.state = '{ConsultationStates.Open}' or c.state = '{ConsultationStates.Closed}' and c.closed_at is not null)";
}
