using System.Data;
using Dapper;

namespace Evaluation.Shared.Data;

/// <summary>
/// The findings of a consultation are cached until its data changes (findings_cache). Every change that alters them —
/// an opinion, a response, an exclusion, a coding, a keyword edit — adds one to the consultation's tally here, in its
/// own transaction, so a cached result is right exactly while its version (<c>consultation_data_version(id)</c>) is
/// current. The tally is spread over 64 rows per consultation (table consultation_tally), so concurrent submissions to
/// one consultation do not wait for each other on one row.
/// </summary>
public static class FindingsVersion
{
    /// <summary>Adds @opinions opinions and one change to consultation @consultationId's tally: its slot is chosen by
    /// the server process, so the pool's connections each keep to their own row.</summary>
    public static readonly string TallySql = TallyFrom("values (@consultationId, pg_backend_pid() % 64, @opinions, 1)");

    /// <summary>The tally's upsert for the rows a query yields (consultation_id, slot, opinions, changes): also the last
    /// step of the one-statement intake.</summary>
    public static string TallyFrom(string rows) =>
        $"""
        insert into consultation_tally as t (consultation_id, slot, opinions, changes)
        {rows}
        on conflict (consultation_id, slot) do update set opinions = t.opinions + excluded.opinions, changes = t.changes + 1
        """;

    public static Task RaiseAsync(this IDbConnection conn, IDbTransaction tx, long consultationId) =>
        conn.ExecuteAsync(TallySql, new { consultationId, opinions = 0 }, tx);

    /// <summary>Counts one stored opinion (and raises the version), in the transaction that stored it.</summary>
    public static Task CountOpinionAsync(this IDbConnection conn, IDbTransaction tx, long consultationId) =>
        conn.ExecuteAsync(TallySql, new { consultationId, opinions = 1 }, tx);

    /// <summary>For changes that may alter every consultation's findings (the keyword lists): rare, by staff.</summary>
    public static Task RaiseAllAsync(this IDbConnection conn, IDbTransaction tx) =>
        conn.ExecuteAsync("update consultation set data_version = data_version + 1", transaction: tx);
}
