namespace Evaluation.Shared.Opinions;

/// <summary>
/// When an opinion was given, which decides whether it falls in the consultation's window: a moment (online, an
/// e-mail's arrival) or a whole day in China Standard Time (a letter's postmark, the day a call or a fax came in:
/// only the day is known, and the opinion counts when the window is open at any time of that day).
/// </summary>
public readonly record struct GivenAt(DateTime Earliest, DateTime Latest)
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static GivenAt Moment(DateTime utc) => new(utc, utc);

    public static GivenAt Day(DateOnly day)
    {
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - ChinaOffset;
        return new(start, start.AddDays(1).AddTicks(-10));
    }

    /// <summary>Today in China Standard Time.</summary>
    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(utcNow + ChinaOffset);
}
