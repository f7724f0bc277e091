using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Feedback;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>What a new evaluation project starts with, from the project form or from an approved plan item (立项).</summary>
public sealed record NewProject(long DecisionId, long? PlanItemId, string Title, string Procedure, string Scope, string? Parts,
    long AgencyDepartmentId, string? CommissionedInstitution);

public static class NewProjects
{
    /// <summary>
    /// The one place a project is created: the row, the decision's consultations linked at once (their data is what the
    /// evaluation starts from), and the audit entry, in the caller's transaction.
    /// </summary>
    public static async Task<long> CreateProjectAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, NewProject project,
        Audit.Actor actor, DateTime now)
    {
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, plan_item_id, title, procedure, scope, parts, agency_department_id,
                                            commissioned_institution, created_by, created_at, stage_changed_at)
            values (@DecisionId, @PlanItemId, @Title, @Procedure, @Scope, @Parts, @AgencyDepartmentId,
                    @CommissionedInstitution, @ActorId, @now, @now)
            returning id
            """, new DynamicParameters(project).With(new { ActorId = actor.Id, now }), tx);
        // Tracking feedback (Art. 9, 11) is part of what is evaluated: the decision's standing consultation is linked too.
        await conn.EnsureStandingConsultationAsync(tx, project.DecisionId);
        await conn.ExecuteAsync(
            "insert into project_consultation (project_id, consultation_id) select @id, id from consultation where decision_id = @DecisionId and state <> 'draft'",
            new { id, project.DecisionId }, tx);
        await conn.WriteAsync(tx, actor, AuditActions.Create, AuditEntities.EvaluationProject, id, after: project);
        return id;
    }
}
