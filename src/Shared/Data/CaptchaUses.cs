using System.Data;
using Dapper;

namespace Evaluation.Shared.Data;

/// <summary>A captcha solution that may protect one submission: spent in the transaction that stores it, so a
/// solution is never used twice and a submission that fails leaves it unspent.</summary>
public sealed record CaptchaProof(string Challenge, DateTime ExpiresAt);

public static class CaptchaUses
{
    /// <summary>False when the solution was spent before (or by a concurrent transaction that committed).</summary>
    public static async Task<bool> TrySpendAsync(this IDbConnection conn, IDbTransaction tx, CaptchaProof proof) =>
        await conn.ExecuteAsync(
            "insert into captcha_use (challenge, expires_at) values (@Challenge, @ExpiresAt) on conflict (challenge) do nothing",
            proof, tx) == 1;

    /// <summary>Spent solutions past their expiry are refused by the expiry check already; their rows can go.</summary>
    public static Task<int> PurgeExpiredAsync(this IDbConnection conn, DateTime now) =>
        conn.ExecuteAsync("delete from captcha_use where expires_at < @now", new { now });
}
