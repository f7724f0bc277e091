using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Evaluation.Analysis;

/// <summary>
/// Findings of a consultation are computed once per version of its data: every change that alters them (an opinion,
/// a response, an exclusion) raises consultation_data_version(id) in its own transaction (FindingsVersion), so a cached result is right
/// exactly while its version is current.
/// </summary>
public static class FindingsStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string ToJson(Findings findings) => JsonSerializer.Serialize(findings, Json);

    /// <param name="readMostly">Where the computation reads (a streaming replica when one is configured, see
    /// Database.ReadMostly); the cache is read and written on <paramref name="db"/>, the primary. A replica's older
    /// data version only makes the cached result stale sooner.</param>
    public static async Task<Findings?> GetAsync(NpgsqlDataSource db, FindingsScope scope, FindingsOptions options,
        TimeProvider clock, CancellationToken cancellationToken = default, NpgsqlDataSource? readMostly = null)
    {
        var id = scope.Id;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (scope.Kind != FindingsScopeKind.Consultation)
            return await ComputeAsync(conn, db, readMostly, scope, options, clock, cancellationToken);

        var cached = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            """
            select f.findings::text from findings_cache f
            where f.consultation_id = @id and f.data_version = consultation_data_version(@id)
            """, new { id }, cancellationToken: cancellationToken));
        if (cached is not null)
        {
            var found = JsonSerializer.Deserialize<Findings>(cached, Json);
            if (found is not null && SameOptions(found.Options, options)) return found;
        }

        return await ComputeAndCacheAsync(conn, db, readMostly, scope, options, clock, cancellationToken);
    }

    /// <summary>Computes a consultation's findings and keeps them in findings_cache for their data version.</summary>
    private static async Task<Findings?> ComputeAndCacheAsync(NpgsqlConnection conn, NpgsqlDataSource db, NpgsqlDataSource? readMostly,
        FindingsScope scope, FindingsOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var findings = await ComputeAsync(conn, db, readMostly, scope, options, clock, cancellationToken);
        if (findings is null) return null;
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into findings_cache (consultation_id, data_version, computed_at, duration_ms, findings)
            values (@id, @DataVersion, now(), @ms, @json::jsonb)
            on conflict (consultation_id) do update
            set data_version = excluded.data_version, computed_at = excluded.computed_at, duration_ms = excluded.duration_ms,
                findings = excluded.findings
            """, new { id = scope.Id, findings.DataVersion, ms = (int)watch.ElapsedMilliseconds, json = ToJson(findings) },
            cancellationToken: cancellationToken));
        return findings;
    }

    private static async Task<Findings?> ComputeAsync(NpgsqlConnection primary, NpgsqlDataSource db, NpgsqlDataSource? readMostly,
        FindingsScope scope, FindingsOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Without a replica the read-mostly source is the primary's own data source (Database.ReadMostly): a second
        // connection from its pool, taken while this one is held, would only leave the pool one fewer for others.
        if (readMostly is null || ReferenceEquals(readMostly, db))
            return await FindingsEngine.ComputeAsync(primary, scope, options, clock, cancellationToken);
        await using var read = await readMostly.OpenConnectionAsync(cancellationToken);
        return await FindingsEngine.ComputeAsync(read, scope, options, clock, cancellationToken);
    }

    /// <summary>
    /// For the findings page of a consultation, which must answer at once even while submissions keep arriving: the
    /// cached result when it is current; when new data arrived and the last computation took at least
    /// <paramref name="slowerThan"/>, that last complete result, not current (the caller has the next one computed in
    /// the background, FindingsRefresher, and says as of when the shown one is); otherwise computed now.
    /// </summary>
    public static async Task<(Findings? Findings, bool Current)> GetRecentAsync(NpgsqlDataSource db, FindingsScope scope,
        FindingsOptions options, TimeProvider clock, TimeSpan slowerThan, CancellationToken cancellationToken = default,
        NpgsqlDataSource? readMostly = null)
    {
        if (scope.Kind != FindingsScopeKind.Consultation) return (await GetAsync(db, scope, options, clock, cancellationToken, readMostly), true);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var cached = await conn.QuerySingleOrDefaultAsync<(string Findings, int DurationMs, bool Current)?>(new CommandDefinition(
            """
            select f.findings::text, f.duration_ms, f.data_version = consultation_data_version(@id) as current
            from findings_cache f where f.consultation_id = @id
            """, new { id = scope.Id }, cancellationToken: cancellationToken));
        if (cached is { } c && (c.Current || c.DurationMs >= slowerThan.TotalMilliseconds)
            && JsonSerializer.Deserialize<Findings>(c.Findings, Json) is { } found && SameOptions(found.Options, options))
            return (found, c.Current);
        // Nothing usable in the cache, as this one read says: computed now, without a second look (GetAsync).
        return (await ComputeAndCacheAsync(conn, db, readMostly, scope, options, clock, cancellationToken), true);
    }

    private static bool SameOptions(FindingsOptions a, FindingsOptions b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}
