using Dapper;
using Evaluation.Shared.Data;
using Npgsql;

namespace Evaluation.Admin.Pages.Findings;

/// <summary>
/// Leaving an opinion or a response out of the analysis (spam, a test entry) needs a recorded reason, and the findings
/// list it (Art. 6: no information dropped by preference). Nothing is deleted; an exclusion can be lifted.
/// </summary>
public static class Exclusions
{
    public const int MaxReasonLength = 500;

    /// <summary>Excludes an opinion ("opinion") or a response ("response"); false when it is excluded already.</summary>
    public static async Task<bool> ExcludeAsync(NpgsqlConnection conn, string kind, long id, string reason, Audit.Actor actor)
    {
        await using var tx = await conn.BeginTransactionAsync();
        var consultation = await ConsultationOfAsync(conn, tx, kind, id);
        if (consultation is null) return false;
        var inserted = await conn.ExecuteAsync(
            $"""
            insert into analysis_exclusion (consultation_id, {kind}_id, reason, excluded_by, excluded_by_name)
            values (@consultation, @id, @reason, @ActorId, @ActorName)
            on conflict do nothing
            """, new { consultation, id, reason, ActorId = actor.Id, ActorName = actor.Name }, tx);
        if (inserted == 0) return false;
        await conn.RaiseAsync(tx, consultation.Value);
        await conn.WriteAsync(tx, actor, "exclude", kind, id, after: new { reason });
        await tx.CommitAsync();
        return true;
    }

    public static async Task<bool> LiftAsync(NpgsqlConnection conn, string kind, long id, Audit.Actor actor)
    {
        await using var tx = await conn.BeginTransactionAsync();
        var reason = await conn.ExecuteScalarAsync<string>(
            $"""
            update analysis_exclusion set lifted_at = now(), lifted_by_name = @Name
            where {kind}_id = @id and lifted_at is null returning reason
            """, new { id, actor.Name }, tx);
        if (reason is null) return false;
        await conn.RaiseAsync(tx, (await ConsultationOfAsync(conn, tx, kind, id))!.Value);
        await conn.WriteAsync(tx, actor, "lift_exclusion", kind, id, before: new { reason });
        await tx.CommitAsync();
        return true;
    }

    public static Task<(string Reason, string By, DateTime At)?> StandingAsync(NpgsqlConnection conn, string kind, long id) =>
        conn.QuerySingleOrDefaultAsync<(string, string, DateTime)?>(
            $"select reason, excluded_by_name, excluded_at from analysis_exclusion where {kind}_id = @id and lifted_at is null", new { id });

    private static Task<long?> ConsultationOfAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string kind, long id) =>
        conn.ExecuteScalarAsync<long?>(kind == "opinion"
            ? "select consultation_id from opinion where id = @id"
            : "select q.consultation_id from response r join questionnaire q on q.id = r.questionnaire_id where r.id = @id", new { id }, tx);
}
