using Dapper;
using Npgsql;

namespace Evaluation.Shared.Respondents;

public sealed record Region(string Code, string Name, string Kind, bool Retired = false)
{
    /// <summary>"Not stated": for letters, calls and e-mails that do not say where their sender lives.</summary>
    public const string Unspecified = "unspecified";
}

/// <summary>The region list, read once: it changes only with a migration.</summary>
public sealed class RegionDirectory(NpgsqlDataSource dataSource)
{
    private IReadOnlyList<Region>? _every;

    /// <summary>The regions a form offers and accepts; a retired one (0861) only names what older records hold.</summary>
    public async Task<IReadOnlyList<Region>> AllAsync() => (await EveryAsync()).Where(r => !r.Retired).ToList();

    private async Task<IReadOnlyList<Region>> EveryAsync()
    {
        if (_every is { } cached) return cached;
        await using var conn = await dataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Region>("select code, name, kind, retired from region order by sort_order")).ToList();
        return _every = rows;
    }

    /// <summary>The regions a respondent chooses from: a person filling in a form names one, so "not stated" is left out.</summary>
    public async Task<IReadOnlyList<Region>> ForRespondentsAsync() =>
        (await AllAsync()).Where(r => r.Code != Region.Unspecified).ToList();

    public async Task<Region?> FindAsync(string? code) =>
        code is null ? null : (await EveryAsync()).FirstOrDefault(r => r.Code == code);

    public async Task<string> NameAsync(string code) => (await FindAsync(code))?.Name ?? code;
}
