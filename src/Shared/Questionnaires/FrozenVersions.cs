using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace Evaluation.Shared.Questionnaires;

/// <summary>
/// A published questionnaire version is frozen (0006: its definition and items never change, and its id is never
/// reused), so each process reads it once: the answering pages and the final submit take its definition and its item
/// ids from here instead of reading and parsing them on every page sent (issue 12).
/// </summary>
public sealed class FrozenVersions
{
    /// <summary>More versions than a city publishes in years; beyond it the cache starts again.</summary>
    public const int Capacity = 4096;

    public sealed record Frozen(Definition Definition, IReadOnlyDictionary<string, long> Items);

    private readonly ConcurrentDictionary<long, Frozen> _versions = new();

    public async Task<Frozen> GetAsync(NpgsqlConnection conn, long versionId)
    {
        if (_versions.TryGetValue(versionId, out var known)) return known;
        using var rows = await conn.QueryMultipleAsync(
            """
            select definition::text from questionnaire_version where id = @versionId;
            select key, id from question_item where version_id = @versionId;
            """, new { versionId });
        var json = await rows.ReadSingleOrDefaultAsync<string>();
        var items = (await rows.ReadAsync<(string Key, long Id)>()).ToDictionary(i => i.Key, i => i.Id);
        var frozen = new Frozen(Definition.Parse(json ?? "{}"), items);
        if (json is null) return frozen; // no such version: nothing to keep
        if (_versions.Count >= Capacity) _versions.Clear();
        _versions[versionId] = frozen;
        return frozen;
    }
}
