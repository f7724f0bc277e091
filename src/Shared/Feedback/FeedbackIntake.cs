using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Npgsql;

namespace Evaluation.Shared.Feedback;

/// <summary>A criterion suggested from the keyword lists at intake (Art. 9: classified as it comes).</summary>
public sealed record IntakeSuggestion(string Criterion, IReadOnlyList<string> MatchedKeywords);

/// <summary>
/// Tracking feedback (跟踪反馈): an opinion on a decision in force, taken in by the same intake as every other opinion
/// (one path, one receipt space, one findings engine) on the decision's standing consultation, which is made or brought
/// in line with the decision's validity in the same transaction.
/// </summary>
public static class FeedbackIntake
{
    /// <summary>Far enough to mean "no end": a decision without a validity date takes feedback until it is given one.</summary>
    private const string NoEndSql = "timestamptz '2999-12-31 00:00:00+08'";

    /// <summary>The decision's standing consultation, made when missing; its window is the decision's time in force
    /// (from the effective date to the end of the last valid day, China time). Null: no such decision.</summary>
    public static Task<long?> EnsureStandingConsultationAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, long decisionId) =>
        conn.ExecuteScalarAsync<long?>(
            $"""
            insert into consultation (decision_id, kind, title, description_md, opens_at, closes_at, state)
            select d.id, '{ConsultationKinds.Standing}', left(d.title, 200), '',
                   d.effective_on::timestamp at time zone 'Asia/Shanghai',
                   coalesce((d.valid_until + 1)::timestamp at time zone 'Asia/Shanghai', {NoEndSql}),
                   '{Consultations.ConsultationStates.Open}'
            from decision d where d.id = @decisionId
            on conflict (decision_id) where kind = '{ConsultationKinds.Standing}'
            do update set opens_at = excluded.opens_at, closes_at = excluded.closes_at, title = excluded.title,
                          updated_at = now()
            returning id
            """, new { decisionId }, tx);

    /// <summary>Stores the feedback, its suggestion and the spent captcha in one transaction; anything but Accepted
    /// writes nothing.</summary>
    /// <param name="opinion">The checked opinion; its ConsultationId is replaced by the standing consultation's.</param>
    public static async Task<SubmitResult> SubmitAsync(this NpgsqlDataSource dataSource, PersonalData personalData,
        long decisionId, NewOpinion opinion, IntakeSuggestion? suggestion, DateTime now, Guid? submissionToken = null,
        CaptchaProof? captcha = null, CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (await conn.EnsureStandingConsultationAsync(tx, decisionId) is not { } consultationId)
            return new SubmitResult.ConsultationMissing();
        var result = await conn.AddOpinionAsync(tx, personalData, opinion with { ConsultationId = consultationId }, now,
            GivenAt.Moment(now), submissionToken, cancellationToken);
        if (result is not SubmitResult.Accepted accepted)
        {
            await tx.RollbackAsync(cancellationToken);
            return result;
        }
        if (captcha is not null && !await conn.TrySpendAsync(tx, captcha))
        {
            await tx.RollbackAsync(cancellationToken);
            return new SubmitResult.CaptchaReplayed();
        }
        if (suggestion is not null)
            await conn.ExecuteAsync(
                """
                insert into opinion_suggestion (opinion_id, criterion, matched_keywords, suggested_at)
                values (@OpinionId, @Criterion, @keywords, @now)
                """, new { accepted.OpinionId, suggestion.Criterion, keywords = suggestion.MatchedKeywords.ToArray(), now }, tx);
        await tx.CommitAsync(cancellationToken);
        return result;
    }
}
