namespace Evaluation.Shared.Feedback;

/// <summary>
/// A rise in tracking feedback well above the decision's own recent level (Art. 9, 12(1)): the feedback of the last
/// <see cref="PeriodDays"/> days against the mean of the <see cref="BaselinePeriods"/> periods of as many days before
/// them. A rise is flagged when the last period has at least <see cref="MinimumCount"/> and at least
/// <see cref="Factor"/> times the baseline (a baseline under one counts as one). The feedback itself is counted by the
/// "many opinions" trigger of 评估提醒 like every other opinion of the decision.
/// </summary>
public static class FeedbackRise
{
    public const int PeriodDays = 30;
    public const int BaselinePeriods = 6;
    public const int MinimumCount = 5;
    public const double Factor = 3.0;

    public static double BaselineMean(long baselineCount) => baselineCount / (double)BaselinePeriods;

    public static bool IsRise(long recent, long baselineCount) =>
        recent >= MinimumCount && recent >= Factor * Math.Max(BaselineMean(baselineCount), 1.0);

    /// <summary>The start of the last period and of the baseline before it, for a query at <paramref name="now"/>.</summary>
    public static (DateTime RecentStart, DateTime BaselineStart) Periods(DateTime now) =>
        (now.AddDays(-PeriodDays), now.AddDays(-PeriodDays * (BaselinePeriods + 1)));
}
