using Dapper;
using Npgsql;

namespace Evaluation.Shared.Respondents;

public sealed record Region(string Code, string Name, string Kind);

/// <summary>The region list, read once: it changes only with a migration.</summary>
public sealed class RegionDirectory(NpgsqlDataSource dataSource)
{
    private IReadOnlyList<Region>? _all;

    public async Task<IReadOnlyList<Region>> AllAsync()
    {
        if (_all is { } cached) return cached;
        await using var conn = await dataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Region>("select code, name, kind from region order by sort_order")).ToList();
        return _all = rows;
    }

    public async Task<Region?> FindAsync(string? code) =>
        code is null ? null : (await AllAsync()).FirstOrDefault(r => r.Code == code);

    public async Task<string> NameAsync(string code) => (await FindAsync(code))?.Name ?? code;
}
