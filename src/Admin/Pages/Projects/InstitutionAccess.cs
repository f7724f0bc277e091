using System.Security.Claims;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// A commissioned institution's staff (Art. 18) see their institution's open projects (scope: migration 0820) and record
/// the work once the agency approved the institution's team and plan; a change to either withdraws the approval
/// (<see cref="ProjectQueries.WithdrawInstitutionApprovalAsync"/>) and the work waits for the next one.
/// </summary>
public static class InstitutionAccess
{
    public static bool WaitsForApproval(this ClaimsPrincipal user, ProjectHead project) =>
        user.IsInstitutionStaff() && project.InstitutionApprovedAt is null;
}
