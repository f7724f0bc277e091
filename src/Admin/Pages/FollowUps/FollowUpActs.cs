using Evaluation.Shared.Results;

namespace Evaluation.Admin.Pages.FollowUps;

/// <summary>Who takes an act on a follow-up action.</summary>
public enum FollowUpParty
{
    /// <summary>The staff of the department the action is addressed to (Art. 31): they carry it out and report.</summary>
    Department,
    /// <summary>The organizer, the city government office and its 督查 (Art. 32-33): it accepts and decides.</summary>
    Organizer,
}

/// <summary>One act on a follow-up action: the statuses it starts from, the status it sets, who takes it.</summary>
public sealed record FollowUpAct(string Code, string[] From, string To, FollowUpParty Party, string Audit);

/// <summary>
/// The follow-up action's own small machine (Art. 31-33), the one place that says which act moves an action from
/// which status to which and who takes it. The department reports progress and, with evidence, that the action is
/// done; only the organizer's acceptance makes it done, a return sends it back to in progress. The department asks for
/// cancellation with a reason; only the organizer approves (cancelled) or refuses it (back to in progress).
/// </summary>
public static class FollowUpActs
{
    public const string Progress = "progress";
    public const string Report = "report";
    public const string Accept = "accept";
    public const string Return = "return";
    public const string RequestCancel = "request_cancel";
    public const string ApproveCancel = "approve_cancel";
    public const string RefuseCancel = "refuse_cancel";

    private static readonly string[] Working = [FollowUpStatuses.Open, FollowUpStatuses.InProgress];

    public static readonly IReadOnlyList<FollowUpAct> All =
    [
        new(Progress, Working, FollowUpStatuses.InProgress, FollowUpParty.Department, Shared.Data.AuditActions.UpdateFollowUp),
        new(Report, Working, FollowUpStatuses.Reported, FollowUpParty.Department, Shared.Data.AuditActions.ReportFollowUp),
        new(Accept, [FollowUpStatuses.Reported], FollowUpStatuses.Done, FollowUpParty.Organizer, Shared.Data.AuditActions.AcceptFollowUp),
        new(Return, [FollowUpStatuses.Reported], FollowUpStatuses.InProgress, FollowUpParty.Organizer, Shared.Data.AuditActions.ReturnFollowUp),
        new(RequestCancel, Working, FollowUpStatuses.CancelRequested, FollowUpParty.Department, Shared.Data.AuditActions.RequestFollowUpCancel),
        new(ApproveCancel, [FollowUpStatuses.CancelRequested], FollowUpStatuses.Cancelled, FollowUpParty.Organizer, Shared.Data.AuditActions.CancelFollowUp),
        new(RefuseCancel, [FollowUpStatuses.CancelRequested], FollowUpStatuses.InProgress, FollowUpParty.Organizer, Shared.Data.AuditActions.RefuseFollowUpCancel),
    ];

    public static FollowUpAct Of(string code) => All.Single(a => a.Code == code);

    /// <summary>The acts a party may take on an action in the given status.</summary>
    public static IEnumerable<FollowUpAct> Open(string status, FollowUpParty party) =>
        All.Where(a => a.Party == party && a.From.Contains(status));
}
