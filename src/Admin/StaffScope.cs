using System.Security.Claims;
using Dapper;
using Evaluation.Analysis;
using Npgsql;

namespace Evaluation.Admin;

/// <summary>
/// What a staff user may see and change (Art. 3): the database function <c>staff_decisions(staff)</c> is the one home
/// of the rule (migration 0110); every Admin query on decisions and what hangs from them filters by it, so a wrong id
/// reads as "not found", never as another department's data. These helpers serve handlers that check one row.
/// </summary>
public static class StaffScope
{
    public static Task<bool> SeesDecisionAsync(this NpgsqlConnection conn, ClaimsPrincipal user, long decisionId, NpgsqlTransaction? tx = null) =>
        conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from staff_decisions(@staff) where decision_id = @decisionId)",
            new { staff = user.StaffId(), decisionId }, tx);

    public static Task<bool> SeesConsultationAsync(this NpgsqlConnection conn, ClaimsPrincipal user, long consultationId, NpgsqlTransaction? tx = null) =>
        conn.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from consultation
                           where id = @consultationId and decision_id in (select decision_id from staff_decisions(@staff)))
            """, new { staff = user.StaffId(), consultationId }, tx);

    /// <summary>Whether the findings of a consultation or a decision are the user's to see (pages, exports and API alike).
    /// A kind of scope not named here is seen by nobody until it is.</summary>
    public static Task<bool> SeesFindingsAsync(this NpgsqlConnection conn, ClaimsPrincipal user, FindingsScope scope) => scope.Kind switch
    {
        FindingsScopeKind.Consultation => conn.SeesConsultationAsync(user, scope.Id),
        FindingsScopeKind.Decision => conn.SeesDecisionAsync(user, scope.Id),
        FindingsScopeKind.Project => conn.SeesProjectAsync(user, scope.Id),
        _ => Task.FromResult(false),
    };

    public static Task<bool> SeesProjectAsync(this NpgsqlConnection conn, ClaimsPrincipal user, long projectId) =>
        conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from staff_projects(@staff) where project_id = @projectId)",
            new { staff = user.StaffId(), projectId });

    /// <summary>The user's own department, if they have one.</summary>
    public static Task<long?> DepartmentIdAsync(this NpgsqlConnection conn, ClaimsPrincipal user) =>
        conn.ExecuteScalarAsync<long?>("select department_id from staff_user where id = @id", new { id = user.StaffId() });

    /// <summary>Organizer and administrator act for every department; everyone else only for their own.</summary>
    public static bool ActsForEveryDepartment(this ClaimsPrincipal user) =>
        user.IsInRole(Shared.Staff.StaffRoles.Organizer) || user.IsInRole(Shared.Staff.StaffRoles.Administrator);
}
