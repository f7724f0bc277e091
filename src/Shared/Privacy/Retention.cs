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

    /// <summary>Days a questionnaire draft (with what its respondent said of themselves) is kept after its last change;
    /// an abandoned draft is then deleted. Its resume code stops working.</summary>
    public int DraftDays { get; set; } = 30;
}

/// <summary>Removes name and contact from opinions of consultations closed longer than the retention period, and
/// the addresses of the mails that brought or answered them.
/// The opinions themselves stay: they are evidence of the evaluation (Art. 6).</summary>
public static class Retention
{
    public sealed record Purged(long ConsultationId, int Opinions);

    /// <summary>Deletes questionnaire drafts untouched for longer than <paramref name="days"/>: abandoned work holds
    /// respondent details (enterprise names, credit codes) nobody needs any more. Audited by count.</summary>
    public static async Task<int> PurgeStaleDraftsAsync(this NpgsqlDataSource db, int days, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var deleted = await conn.ExecuteAsync("delete from response_draft where updated_at < @cutoff", new { cutoff = now.AddDays(-days) }, tx);
        if (deleted > 0)
            await conn.WriteAsync(tx, new Audit.Actor(null, "system"), AuditActions.PurgePersonalData, AuditEntities.Questionnaire, null,
                after: new { stale_drafts = deleted, draft_days = days });
        await tx.CommitAsync(cancellationToken);
        return deleted;
    }

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

        // The mails' senders go with their opinions' contacts; mails that never became opinions keep them as long.
        // The outbox keeps a recipient only until the mail is sent (or failed) and the period has passed.
        var mails = await conn.ExecuteAsync(
            """
            update inbound_mail m set sender = null, sender_name = null, sender_hash = null, personal_data_removed_at = @now
            where (m.sender is not null or m.sender_name is not null or m.sender_hash is not null)
              and (m.opinion_id is null and m.received_at < @cutoff
                   or exists (select 1 from opinion o join consultation c on c.id = o.consultation_id
                              where o.id = m.opinion_id and c.state <> 'draft' and c.ends_at < @cutoff))
            """, new { now, cutoff = now.AddDays(-days) }, tx);
        var outbox = await conn.ExecuteAsync(
            """
            update outbox_mail x set recipient = null
            where x.recipient is not null and x.status <> 'pending'
              and (x.created_at < @cutoff
                   or exists (select 1 from opinion o join consultation c on c.id = o.consultation_id
                              where o.id = x.opinion_id and c.state <> 'draft' and c.ends_at < @cutoff))
            """, new { cutoff = now.AddDays(-days) }, tx);
        // Invited respondents' names go with the questionnaire's consultation, after the same period.
        var invitations = await conn.ExecuteAsync(
            """
            update questionnaire_invitation i set name = null, personal_data_removed_at = @now
            from questionnaire q join consultation c on c.id = q.consultation_id
            where q.id = i.questionnaire_id and i.name is not null and c.state <> 'draft' and c.ends_at < @cutoff
            """, new { now, cutoff = now.AddDays(-days) }, tx);
        if (invitations > 0)
            await conn.WriteAsync(tx, new Audit.Actor(null, "system"), AuditActions.PurgePersonalData, AuditEntities.Questionnaire, null,
                after: new { invitations, retention_days = days });
        if (mails + outbox > 0)
            await conn.WriteAsync(tx, new Audit.Actor(null, "system"), AuditActions.PurgePersonalData, "mail", null,
                after: new { inbound_mails = mails, outbox_mails = outbox, retention_days = days });
        await tx.CommitAsync(cancellationToken);
        return purged;
    }
}
