using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Npgsql;

namespace Evaluation.Analysis;

/// <summary>What can be left out of the analysis: an opinion or a questionnaire response.</summary>
public sealed record ExclusionSubject(ExclusionSubjectKind Kind, long Id)
{
    public static ExclusionSubject Opinion(long id) => new(ExclusionSubjectKind.Opinion, id);
    public static ExclusionSubject Response(long id) => new(ExclusionSubjectKind.Response, id);

    /// <summary>The entity name in the audit log and in the findings' exclusion list.</summary>
    public string Name => Kind == ExclusionSubjectKind.Opinion ? "opinion" : "response";
}

public enum ExclusionSubjectKind { Opinion, Response }

public enum ExclusionOutcome { Done, ReasonInvalid, Unchanged }

/// <summary>
/// Leaving an opinion or a response out of the analysis (spam, a test entry) needs a recorded reason, and the findings
/// list it (Art. 6: no information dropped by preference). Nothing is deleted; an exclusion can be lifted. This is the
/// one place that writes analysis_exclusion.
/// </summary>
public static class Exclusions
{
    public const int MaxReasonLength = 500;

    /// <summary>Excludes the subject with the reason as typed (cleaned); Unchanged when it is excluded already or
    /// does not exist.</summary>
    public static async Task<ExclusionOutcome> ExcludeAsync(NpgsqlDataSource db, ExclusionSubject subject, string? reasonTyped, Audit.Actor actor)
    {
        var reason = PlainText.Clean(reasonTyped);
        if (reason is null || PlainText.Length(reason) > MaxReasonLength) return ExclusionOutcome.ReasonInvalid;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var outcome = await ExcludeAsync(conn, tx, subject, reason, actor);
        if (outcome == ExclusionOutcome.Done) await tx.CommitAsync();
        return outcome;
    }

    /// <summary>The same within the caller's transaction (voiding a response excludes it too); the reason is clean.</summary>
    public static async Task<ExclusionOutcome> ExcludeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ExclusionSubject subject, string reason,
        Audit.Actor actor)
    {
        var consultation = await ConsultationOfAsync(conn, tx, subject);
        if (consultation is null) return ExclusionOutcome.Unchanged;
        var inserted = await conn.ExecuteAsync(
            """
            insert into analysis_exclusion (consultation_id, opinion_id, response_id, reason, excluded_by, excluded_by_name)
            values (@consultation, @OpinionId, @ResponseId, @reason, @ActorId, @ActorName)
            on conflict do nothing
            """, new { consultation, OpinionId = OpinionId(subject), ResponseId = ResponseId(subject), reason, ActorId = actor.Id, ActorName = actor.Name }, tx);
        if (inserted == 0) return ExclusionOutcome.Unchanged;
        await conn.RaiseAsync(tx, consultation.Value);
        await conn.WriteAsync(tx, actor, AuditActions.Exclude, subject.Name, subject.Id, after: new { reason });
        return ExclusionOutcome.Done;
    }

    public static async Task<ExclusionOutcome> LiftAsync(NpgsqlDataSource db, ExclusionSubject subject, Audit.Actor actor)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var reason = await conn.ExecuteScalarAsync<string>(
            """
            update analysis_exclusion set lifted_at = now(), lifted_by_name = @Name
            where (opinion_id = @OpinionId or response_id = @ResponseId) and lifted_at is null returning reason
            """, new { OpinionId = OpinionId(subject), ResponseId = ResponseId(subject), actor.Name }, tx);
        if (reason is null) return ExclusionOutcome.Unchanged;
        await conn.RaiseAsync(tx, (await ConsultationOfAsync(conn, tx, subject))!.Value);
        await conn.WriteAsync(tx, actor, AuditActions.LiftExclusion, subject.Name, subject.Id, before: new { reason });
        await tx.CommitAsync();
        return ExclusionOutcome.Done;
    }

    /// <summary>The exclusion in force, if any: reason, who, when.</summary>
    public static async Task<(string Reason, string By, DateTime At)?> StandingAsync(NpgsqlDataSource db, ExclusionSubject subject)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<(string, string, DateTime)?>(
            """
            select reason, excluded_by_name, excluded_at from analysis_exclusion
            where (opinion_id = @OpinionId or response_id = @ResponseId) and lifted_at is null
            """, new { OpinionId = OpinionId(subject), ResponseId = ResponseId(subject) });
    }

    private static long? OpinionId(ExclusionSubject s) => s.Kind == ExclusionSubjectKind.Opinion ? s.Id : null;
    private static long? ResponseId(ExclusionSubject s) => s.Kind == ExclusionSubjectKind.Response ? s.Id : null;

    private static Task<long?> ConsultationOfAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ExclusionSubject subject) =>
        conn.ExecuteScalarAsync<long?>(subject.Kind == ExclusionSubjectKind.Opinion
            ? "select consultation_id from opinion where id = @Id"
            : "select q.consultation_id from response r join questionnaire q on q.id = r.questionnaire_id where r.id = @Id", subject, tx);
}
