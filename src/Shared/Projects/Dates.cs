namespace Evaluation.Shared.Projects;

/// <summary>
/// The dates of a project's later stages are in order (Art. 24, 29, 31): the report is finalized, then reviewed for
/// legality, then deliberated by the executive meeting, whose follow-up actions fall due after it. Each rule returns
/// the text key of the refusal (formatted with the earliest allowed date), or null.
/// </summary>
public static class Dates
{
    /// <summary>The review's date: not before the reviewed version was finalized, not in the future.</summary>
    public static string? Review(DateOnly reviewedOn, DateOnly finalizedOn, DateOnly today) =>
        reviewedOn > today ? "Dates.Review.Future"
        : reviewedOn < finalizedOn ? "Dates.Review.BeforeFinalized"
        : null;

    /// <summary>The meeting's date: not before the review, nor before the revised version answering its changes was
    /// finalized, not in the future. Returns the key and the date it may not precede.</summary>
    public static (string Key, DateOnly Earliest)? Meeting(DateOnly meetingOn, DateOnly reviewedOn, DateOnly? revisedOn, DateOnly today)
    {
        if (meetingOn > today) return ("Deliberation.MeetingOn.Future", today);
        if (meetingOn < reviewedOn) return ("Dates.Meeting.BeforeReview", reviewedOn);
        if (revisedOn is { } revised && meetingOn < revised) return ("Dates.Meeting.BeforeRevision", revised);
        return null;
    }

    /// <summary>A follow-up action's due date: not before the meeting that decided it.</summary>
    public static bool DueInOrder(DateOnly dueOn, DateOnly meetingOn) => dueOn >= meetingOn;
}
