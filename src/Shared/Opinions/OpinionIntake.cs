using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Shared.Opinions;

public abstract record SubmitResult
{
    public sealed record Accepted(long OpinionId, string ReceiptNumber) : SubmitResult;
    /// <summary>The form's one-time token was used already (a double click, a retried POST): its opinion's receipt.</summary>
    public sealed record AlreadySubmitted(long OpinionId, string ReceiptNumber) : SubmitResult;
    public sealed record ConsultationMissing : SubmitResult;
    public sealed record ConsultationNotOpen(ConsultationPhase Phase, DateTime EndsAt) : SubmitResult;
    public sealed record CaptchaReplayed : SubmitResult;
}

/// <summary>Stores an opinion in one transaction: the consultation's window is checked, the opinion inserted and counted
/// in the consultation's tally (FindingsVersion), so an opinion is either stored and counted, or refused and nothing is
/// written; concurrent submissions to one consultation do not queue on one row.</summary>
public static class OpinionIntake
{
    /// <summary>The opinion already stored with this form token, if any.</summary>
    public static async Task<SubmitResult.AlreadySubmitted?> FindSubmittedAsync(this NpgsqlDataSource dataSource,
        Guid submissionToken, CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, string ReceiptNumber)?>(
            "select id, receipt_number from opinion where submission_token = @submissionToken", new { submissionToken });
        return row is { } r ? new SubmitResult.AlreadySubmitted(r.Id, r.ReceiptNumber) : null;
    }

    /// <param name="submissionToken">The form's one-time token (null for channels without a form, such as letters).</param>
    /// <param name="captcha">A captcha solution to spend with the opinion, when the provider needs that.</param>
    public static async Task<SubmitResult> SubmitAsync(this NpgsqlDataSource dataSource, PersonalData personalData,
        NewOpinion opinion, DateTime now, Guid? submissionToken = null, CaptchaProof? captcha = null,
        CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var result = await conn.AddOpinionAsync(tx, personalData, opinion, now, GivenAt.Moment(now), submissionToken, cancellationToken);
        if (result is not SubmitResult.Accepted)
        {
            await tx.RollbackAsync(cancellationToken);
            return result;
        }
        if (captcha is not null && !await conn.TrySpendAsync(tx, captcha))
        {
            await tx.RollbackAsync(cancellationToken);
            return new SubmitResult.CaptchaReplayed();
        }
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// The usual online submission in one statement, so in one round trip and one transaction: the window checked (FOR
    /// SHARE, as in AddOpinionAsync), the captcha's solution spent, the opinion inserted and counted. Stored and counted,
    /// or nothing written and null: the consultation does not take opinions, the solution was spent, or the form's
    /// token or the drawn receipt number is taken. The caller then takes the full steps (SubmitAsync), which tell
    /// these apart.
    /// </summary>
    public static async Task<SubmitResult.Accepted?> SubmitAtOnceAsync(this NpgsqlDataSource dataSource, PersonalData personalData,
        NewOpinion opinion, DateTime now, Guid submissionToken, CaptchaProof? captcha, CancellationToken cancellationToken = default)
    {
        var name = personalData.Protect(opinion.Name);
        var contact = personalData.Protect(opinion.Contact?.Value);
        var receipt = Receipt.NewNumber();
        var spend = captcha is null
            ? "select 1 from accepting"
            : "insert into captcha_use (challenge, expires_at) select @Challenge, @ExpiresAt from accepting on conflict (challenge) do nothing returning 1";
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"""
                with accepting as (
                    select c.id from consultation c
                    where c.id = @ConsultationId and {ConsultationRules.TookOpinionsDuringSql}
                    for share
                ), spent as (
                    {spend}
                ), stored as (
                    insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, contact,
                                         region_code, body, consent_at, created_at, submission_token)
                    select @ConsultationId, @receipt, @Channel, @RespondentType, @name, @contact,
                           @RegionCode, @Body, @consentAt, @now, @submissionToken
                    from spent
                    returning id
                ), counted as (
                    {FindingsVersion.TallyFrom("select @ConsultationId, pg_backend_pid() % 64, 1, 1 from stored")}
                )
                select id from stored
                """,
                new
                {
                    opinion.ConsultationId, earliest = now, latest = now, receipt, opinion.Channel, opinion.RespondentType, name, contact,
                    opinion.RegionCode, opinion.Body, consentAt = opinion.Consent ? now : (DateTime?)null, now, submissionToken,
                    captcha?.Challenge, captcha?.ExpiresAt,
                }, cancellationToken: cancellationToken));
            return id is { } stored ? new SubmitResult.Accepted(stored, receipt) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds an opinion inside the caller's transaction, which stores with it what its channel brings (a letter's scans,
    /// an e-mail's receipt by mail): the window is checked, the opinion stored and counted. Anything but
    /// Accepted leaves the transaction to be rolled back.
    /// </summary>
    /// <param name="givenAt">When the opinion was given: now online; a letter's postmark, an e-mail's arrival.</param>
    public static async Task<SubmitResult> AddOpinionAsync(this NpgsqlConnection conn, NpgsqlTransaction tx,
        PersonalData personalData, NewOpinion opinion, DateTime now, GivenAt givenAt, Guid? submissionToken = null,
        CancellationToken cancellationToken = default)
    {
        // Encrypted before the statement: the database never sees the plain values.
        var name = personalData.Protect(opinion.Name);
        var contact = personalData.Protect(opinion.Contact?.Value);
        // FOR SHARE: concurrent submissions do not wait for each other, while staff closing the consultation waits for
        // the opinions under way (and an opinion after the close sees it closed).
        var open = await conn.ExecuteScalarAsync<long?>(
            $"""
            select c.id from consultation c
            where c.id = @ConsultationId and {ConsultationRules.TookOpinionsDuringSql}
            for share
            """, new { opinion.ConsultationId, givenAt.Earliest, givenAt.Latest }, tx);
        if (open is null)
        {
            var row = await conn.QuerySingleOrDefaultAsync<(string State, DateTime OpensAt, DateTime EndsAt)?>(
                "select state, opens_at, ends_at from consultation where id = @ConsultationId", new { opinion.ConsultationId }, tx);
            return row is { } c
                ? new SubmitResult.ConsultationNotOpen(ConsultationRules.PhaseAt(c.State, c.OpensAt, c.EndsAt, now), c.EndsAt)
                : new SubmitResult.ConsultationMissing();
        }

        const int attempts = 3;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var receipt = Receipt.NewNumber();
            // A second POST with the same token waits here for the first to commit, then finds the token taken.
            var id = await conn.ExecuteScalarAsync<long?>(
                """
                insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, contact,
                                     region_code, body, consent_at, created_at, submission_token)
                values (@ConsultationId, @receipt, @Channel, @RespondentType, @name, @contact,
                        @RegionCode, @Body, @consentAt, @now, @submissionToken)
                on conflict do nothing
                returning id
                """,
                new
                {
                    opinion.ConsultationId, receipt, opinion.Channel, opinion.RespondentType, name, contact,
                    opinion.RegionCode, opinion.Body, consentAt = opinion.Consent ? now : (DateTime?)null, now,
                    submissionToken,
                }, tx);
            if (id is not null)
            {
                await conn.CountOpinionAsync(tx, opinion.ConsultationId);
                return new SubmitResult.Accepted(id.Value, receipt);
            }
            if (submissionToken is not null && await conn.QuerySingleOrDefaultAsync<(long Id, string ReceiptNumber)?>(
                    "select id, receipt_number from opinion where submission_token = @submissionToken", new { submissionToken }, tx) is { } earlier)
                return new SubmitResult.AlreadySubmitted(earlier.Id, earlier.ReceiptNumber);
            // Otherwise a receipt number drawn twice (1 in 2^55): draw again.
        }
        throw new InvalidOperationException($"no free receipt number after {attempts} attempts");
    }
}
