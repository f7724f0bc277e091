using System.Globalization;

namespace Evaluation.Shared.Web;

/// <summary>Times are stored in UTC and shown in China Standard Time, as the respondents and staff read them.</summary>
public static class Display
{
    public static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime ToChinaTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ChinaTime);

    /// <summary>Today's date in China Standard Time, by the given clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToChinaTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>A time in China Standard Time as the reader's language writes it (2026-11-29 14:30, 29 November 2026, 14:30):
    /// the pattern is a text.</summary>
    public static string Time(DateTime utc) =>
        ToChinaTime(utc).ToString(Resources.Texts.Get("Format.Time"), CultureInfo.CurrentCulture);

    /// <summary>
    /// A consultation's window. A decision without a validity date takes tracking feedback "until 2999-12-31"
    /// (FeedbackIntake): that end is no date anyone would be told, so the window reads "from …, no end date".
    /// </summary>
    public static string Window(DateTime opensUtc, DateTime endsUtc) =>
        ToChinaTime(endsUtc).Year >= NoEndYear
            ? string.Format(CultureInfo.CurrentCulture, Resources.Texts.Get("Format.WindowNoEnd"), Time(opensUtc))
            : string.Format(CultureInfo.CurrentCulture, Resources.Texts.Get("Format.Window"), Time(opensUtc), Time(endsUtc));

    /// <summary>A closing time, or "no end date" for FeedbackIntake's far end.</summary>
    public static string End(DateTime endsUtc) =>
        ToChinaTime(endsUtc).Year >= NoEndYear ? Resources.Texts.Get("Format.NoEnd") : Time(endsUtc);

    /// <summary>The year of FeedbackIntake's "no end" (2999-12-31).</summary>
    public const int NoEndYear = 2999;

    /// <summary>A time in China Standard Time the same in every language (2026-11-29 14:30), for files that programs sort
    /// and read too (exports).</summary>
    public static string Sortable(DateTime utc) => ToChinaTime(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Sortable(DateTime? utc) => utc is { } t ? Sortable(t) : "";

    public static string Time(DateTime? utc) => utc is { } t ? Time(t) : "";

    /// <summary>A date as the reader's language writes it (2026年11月29日, 29 November 2026): the pattern is a text.</summary>
    public static string Date(DateOnly date) =>
        date.ToString(Resources.Texts.Get("Format.Date"), CultureInfo.CurrentCulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    /// <summary>A time typed in China Standard Time (an &lt;input type="datetime-local"&gt;) as UTC.</summary>
    public static DateTime FromChinaTime(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaTime);

    /// <summary>The value for an &lt;input type="datetime-local"&gt; showing a UTC time in China Standard Time.</summary>
    public static string InputValue(DateTime utc) => ToChinaTime(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
