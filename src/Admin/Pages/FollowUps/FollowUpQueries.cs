using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Results;
using Npgsql;

namespace Evaluation.Admin.Pages.FollowUps;

public sealed record FollowUpView(long Id, long ProjectId, string ProjectTitle, string ProjectStage, string What, long DepartmentId,
    string DepartmentName, DateOnly DueOn, string Status, string? CancelReason, string CreatedBy, DateTime CreatedAt, DateTime? FinishedAt,
    bool CarriesDecision, string? LaterDecisionReference, DateOnly? LaterDecisionOn, string? DecidedBy)
{
    /// <summary>Art. 30-33: an action not finished by its due date is overdue (dates in China Standard Time).</summary>
    public bool IsOverdue(DateOnly today) => FollowUpActions.IsOverdue(DueOn, Status, today);
}

/// <summary>
/// Art. 30-33: who sees a follow-up action. Beside those who see its project (staff_projects, migration 0110), the staff
/// of the department the action is addressed to see and update it even when they do not otherwise see the project: the
/// decision made it their task, and they report on it. They see the action and its updates, not the project's data.
/// One condition holds that rule, for the list, the action page and its files.
/// </summary>
public static class FollowUpActions
{
    public const string Visible =
        """
        (a.project_id in (select project_id from staff_projects(@staff))
         or a.department_id = (select department_id from staff_user where id = @staff))
        """;

    public static bool IsOverdue(DateOnly dueOn, string status, DateOnly today) => !FollowUpStatuses.IsFinished(status) && dueOn < today;

    public static Task<FollowUpView?> FindActionAsync(this NpgsqlConnection conn, long id, ClaimsPrincipal user, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<FollowUpView>(
            $"""
            select a.id, a.project_id, p.title as project_title, p.stage as project_stage, a.what, a.department_id, d.name as department_name,
                   a.due_on, a.status, a.cancel_reason, s.display_name as created_by, a.created_at, a.finished_at,
                   a.carries_decision, a.later_decision_reference, a.later_decision_on, ds.display_name as decided_by
            from follow_up_action a join evaluation_project p on p.id = a.project_id join department d on d.id = a.department_id
            join staff_user s on s.id = a.created_by left join staff_user ds on ds.id = a.decided_by
            where a.id = @id and {Visible}
            """, new { id, staff = user.StaffId() }, tx);

    /// <summary>
    /// Art. 31-33: an action is settled when the organizer accepted it (done) or approved its cancellation (cancelled);
    /// a report or a cancellation request still awaiting the organizer is not. Closing needs every action settled
    /// (ProjectQueries.StageFactsAsync counts the others as UnfinishedActions).
    /// </summary>
    public const string Settled = "(a.status in ('done', 'cancelled') and a.decided_by is not null)";

    /// <summary>The actions of a project that are not settled: what stands in the way of closing it.</summary>
    public static async Task<IReadOnlyList<FollowUpView>> UnfinishedAsync(this NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        (await conn.QueryAsync<FollowUpView>(
            $"""
            select a.id, a.project_id, p.title as project_title, p.stage as project_stage, a.what, a.department_id, d.name as department_name,
                   a.due_on, a.status, a.cancel_reason, s.display_name as created_by, a.created_at, a.finished_at,
                   a.carries_decision, a.later_decision_reference, a.later_decision_on, ds.display_name as decided_by
            from follow_up_action a join evaluation_project p on p.id = a.project_id join department d on d.id = a.department_id
            join staff_user s on s.id = a.created_by left join staff_user ds on ds.id = a.decided_by
            where a.project_id = @projectId and not {Settled} order by a.due_on, a.id
            """, new { projectId }, tx)).ToList();
}
