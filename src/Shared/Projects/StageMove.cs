using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Evaluation.Shared.Data;

namespace Evaluation.Shared.Projects;

/// <summary>The one statement that changes a project's stage.</summary>
public static class StageMove
{
    /// <summary>
    /// Moves the project along a transition in the caller's transaction, only if it is still in the transition's
    /// stage (a project moved meanwhile is not moved twice), and writes the transition's audit action with the stages
    /// before and after and the act's own details. Closing also sets closed_at. Returns whether it moved.
    /// </summary>
    public static async Task<bool> MoveAsync(this IDbConnection conn, IDbTransaction tx, Transition transition, long projectId,
        Audit.Actor actor, DateTime at, object? details = null)
    {
        var moved = await conn.ExecuteAsync(
            """
            update evaluation_project
            set stage = @To, stage_changed_at = @at, closed_at = case when @To = 'closed' then @at else closed_at end
            where id = @projectId and stage = @From
            """, new { transition.To, transition.From, at, projectId }, tx);
        if (moved == 0) return false;
        var after = new JsonObject { ["stage"] = transition.To, ["act"] = transition.Act };
        if (details is not null && JsonSerializer.SerializeToNode(details) is JsonObject extra)
            foreach (var (key, value) in extra.ToList())
            {
                extra.Remove(key);
                after[key] = value;
            }
        await conn.WriteAsync(tx, actor, transition.Audit, AuditEntities.EvaluationProject, projectId,
            new { stage = transition.From }, after);
        return true;
    }
}
