using Evaluation.Shared.Staff;

namespace Evaluation.Admin.Pages.Results;

/// <summary>
/// Who may approve (and so publish) or withdraw a project's public results, Art. 7, 30: the organizer (市政府办公室,
/// which publishes the government's results), never staff of the evaluated decision's own department (no department
/// clears the public account of its own decision), never the person who prepared the draft. Every refusal is a text
/// key saying who may do it and what is missing; null means allowed.
/// </summary>
public static class PublicationRules
{
    /// <summary>The facts the rules read: the user's role and department, the decision's department, who prepared
    /// the draft and how many of its opinion texts nobody has confirmed yet.</summary>
    public sealed record Facts(string Role, long? StaffDepartmentId, long StaffId, long DecisionDepartmentId, long PreparedBy, int Unconfirmed);

    public static string? ApprovalRefusal(Facts f) =>
        ApproverRefusal(f.Role, f.StaffDepartmentId, f.DecisionDepartmentId)
        ?? (f.PreparedBy == f.StaffId ? "Results.Refused.OwnDraft"
            : f.Unconfirmed > 0 ? "Results.Refused.Unconfirmed" : null);

    /// <summary>Whether the user may approve this decision's results at all, whatever the draft.</summary>
    public static string? ApproverRefusal(string role, long? staffDepartmentId, long decisionDepartmentId) =>
        OrganizerRefusal(role, staffDepartmentId, decisionDepartmentId, "Results.Refused.ApproveRole");

    public static string? WithdrawalRefusal(string role, long? staffDepartmentId, long decisionDepartmentId) =>
        OrganizerRefusal(role, staffDepartmentId, decisionDepartmentId, "Results.Refused.WithdrawRole");

    private static string? OrganizerRefusal(string role, long? staffDepartmentId, long decisionDepartmentId, string roleRefusal) =>
        role != StaffRoles.Organizer ? roleRefusal
        : staffDepartmentId == decisionDepartmentId ? "Results.Refused.OwnDepartment"
        : null;
}
