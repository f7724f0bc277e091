using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Npgsql;

namespace Evaluation.Shared.Privacy;

/// <summary>How long name and contact are kept after a consultation closes (PIPL: no longer than needed).</summary>
public sealed class RetentionOptions
{
    /// <summary>Days after a consultation's closing; then its opinions' name and contact are removed.</summary>
    public int ContactDataDays { get; set; } = 180;
}

/// <summary>Removes name and contact from opinions of consultations closed longer than the retention period.
/// The opinions themselves stay: they are evidence of the evaluation (Art. 6).</summary>
public static class Retention
{
    public sealed record Purged(long ConsultationId, int Opinions);

    public static async Task<IReadOnlyList<Purged>> PurgePersonalDataAsync(this NpgsqlDataSource db, int days, DateTime now,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        // A consultation is closed when staff closed it or its closing time passed, whichever came first.
        var purged = (await conn.QueryAsync<Purged>(
            $"""
            with cleared as (
                update opinion o set name = null, contact = null, personal_data_removed_at = @now
                from consultation c
                where c.id = o.consultation_id and c.state <> '{ConsultationStates.Draft}'
                  and c.ends_at < @cutoff
                  and (o.name is not null or o.contact is not null)
                returning o.consultation_id
            )
            select consultation_id, count(*)::int as opinions from cleared group by consultation_id order by consultation_id
            """, new { now, cutoff = now.AddDays(-days) }, tx)).ToList();
        foreach (var p in purged)
            await conn.WriteAsync(tx, new Audit.Actor(null, "system"), AuditActions.PurgePersonalData, AuditEntities.Consultation, p.ConsultationId,
                after: new { opinions = p.Opinions, retention_days = days });
        await tx.CommitAsync(cancellationToken);
        return purged;
    }
}
