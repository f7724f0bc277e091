using System.Data;
using Dapper;

namespace Evaluation.Shared.Data;

/// <summary>
/// The findings of a consultation are cached until its data changes (findings_cache). Every change that alters them —
/// an opinion, a response, an exclusion, a coding, a keyword edit — raises consultation.data_version here, in its own
/// transaction, so a cached result is right exactly while its version is current.
/// </summary>
public static class FindingsVersion
{
    public static Task RaiseAsync(this IDbConnection conn, IDbTransaction tx, long consultationId) =>
        conn.ExecuteAsync("update consultation set data_version = data_version + 1 where id = @consultationId", new { consultationId }, tx);

    /// <summary>For changes that may alter every consultation's findings (the keyword lists).</summary>
    public static Task RaiseAllAsync(this IDbConnection conn, IDbTransaction tx) =>
        conn.ExecuteAsync("update consultation set data_version = data_version + 1", transaction: tx);

    /// <summary>The same raise inside another statement (opinion intake counts the opinion in the same UPDATE).</summary>
    public const string RaiseSql = "data_version = data_version + 1";
}
