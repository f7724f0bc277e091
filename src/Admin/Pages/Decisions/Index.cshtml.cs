using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Decisions;

/// <summary>The decision register (Art. 12): the decisions in the user's scope.</summary>
public sealed class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Title, string? DocumentNumber, string Kind, string IssuingBody,
        DateOnly EffectiveOn, DateOnly? ValidUntil, int Consultations, long Opinions, bool IsDemo);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            """
            select d.id, d.title, d.document_number, d.kind, d.issuing_body, d.effective_on, d.valid_until,
                   count(c.id)::int as consultations, coalesce(sum(consultation_opinion_count(c.id)), 0)::bigint as opinions, d.is_demo
            from decision d left join consultation c on c.decision_id = d.id
            where d.id in (select decision_id from register_decisions(@staff))
              and (@q is null or d.title ilike '%' || @q || '%' or d.document_number ilike '%' || @q || '%')
              and (@Kind is null or d.kind = @Kind)
            group by d.id
            order by d.effective_on desc, d.id desc
            """, new { q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), Kind = string.IsNullOrEmpty(Kind) ? null : Kind, staff = User.StaffId() })).ToList();
    }
}
