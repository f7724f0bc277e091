using Dapper;
using Evaluation.Shared.Domain;
using Npgsql;

namespace Evaluation.Shared.Opinions;

public abstract record SubmitResult
{
    public sealed record Accepted(long OpinionId, string ReceiptNumber) : SubmitResult;
    public sealed record ConsultationMissing : SubmitResult;
    public sealed record ConsultationNotOpen(ConsultationPhase Phase, DateTime ClosesAt) : SubmitResult;
}

/// <summary>Stores an opinion in one transaction: the consultation's window is checked and its count raised in the
/// same statement, so an opinion is either stored and counted, or refused and nothing is written.</summary>
public static class OpinionIntake
{
    public static async Task<SubmitResult> SubmitAsync(this NpgsqlDataSource dataSource, NewOpinion opinion, DateTime now,
        CancellationToken cancellationToken = default)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            var open = await conn.ExecuteScalarAsync<long?>(
                $"""
                update consultation set opinion_count = opinion_count + 1
                where id = @ConsultationId and {ConsultationRules.AcceptsOpinionsSql}
                returning id
                """, new { opinion.ConsultationId, now }, tx);
            if (open is null)
            {
                var row = await conn.QuerySingleOrDefaultAsync<(string State, DateTime OpensAt, DateTime ClosesAt)?>(
                    "select state, opens_at, least(closes_at, closed_at) from consultation where id = @ConsultationId", new { opinion.ConsultationId }, tx);
                return row is { } c
                    ? new SubmitResult.ConsultationNotOpen(ConsultationRules.PhaseAt(c.State, c.OpensAt, c.ClosesAt, now), c.ClosesAt)
                    : new SubmitResult.ConsultationMissing();
            }

            var receipt = Receipt.NewNumber();
            try
            {
                var id = await conn.ExecuteScalarAsync<long>(
                    """
                    insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, contact,
                                         region_code, body, consent_at, created_at)
                    values (@ConsultationId, @receipt, @Channel, @RespondentType, @Name, @Contact,
                            @RegionCode, @Body, @consentAt, @now)
                    returning id
                    """,
                    new
                    {
                        opinion.ConsultationId, receipt, opinion.Channel, opinion.RespondentType, opinion.Name,
                        Contact = opinion.Contact?.Value, opinion.RegionCode, opinion.Body,
                        consentAt = opinion.Consent ? now : (DateTime?)null, now,
                    }, tx);
                await tx.CommitAsync(cancellationToken);
                return new SubmitResult.Accepted(id, receipt);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
                                              && e.ConstraintName == "opinion_receipt_number_key" && attempt < attempts)
            {
                // A receipt number drawn twice (1 in 2^55): roll back and draw again.
            }
        }
    }
}
