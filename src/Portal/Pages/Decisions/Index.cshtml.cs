using Dapper;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages.Decisions;

/// <summary>决策库: the register of the decisions in force (Art. 12), searchable by title and filtered by kind and
/// issuing body; each leads to its page with the feedback form.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Row(long Id, string Title, string? DocumentNumber, string Kind, string IssuingBody,
        DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ValidUntil);

    public const int MaxShown = 200;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Body { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<string> IssuingBodies { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var today = Display.Today(clock);
        await using var conn = await db.OpenConnectionAsync();
        // Words of the title, each of which must appear (spaces separate them).
        var words = (Q ?? "").Split((char[])[' ', '　'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Take(10).Select(w => "%" + w.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%").ToArray();
        var kind = Kind is not null && DecisionKinds.All.Contains(Kind) ? Kind : null;
        var body = string.IsNullOrWhiteSpace(Body) ? null : Body;
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select d.id, d.title, d.document_number, d.kind, d.issuing_body, d.issued_on, d.effective_on, d.valid_until
            from decision d
            where {DecisionValidity.InForceSql}
              and d.title ilike all(@words)
              and (@kind::text is null or d.kind = @kind)
              and (@body::text is null or d.issuing_body = @body)
            order by d.effective_on desc, d.id desc
            limit @MaxShown
            """, new { today, words, kind, body, MaxShown })).ToList();
        IssuingBodies = (await conn.QueryAsync<string>(
            $"select distinct d.issuing_body from decision d where {DecisionValidity.InForceSql} order by 1", new { today })).ToList();
    }
}
