using Dapper;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>The opinions of one consultation, filtered by respondent type, region, status and date, in pages. Name and
/// contact are shown masked here, whatever the role.</summary>
public sealed class IndexModel(NpgsqlDataSource db, RegionDirectory regions, PersonalData personalData) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(long Id, string ReceiptNumber, DateTime CreatedAt, string Channel, string RespondentType,
        string RegionName, string Status, string Excerpt, string? Name, string? Contact);

    [BindProperty(SupportsGet = true)] public OpinionFilter Filter { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public string ConsultationTitle { get; private set; } = "";
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public long Total { get; private set; }
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var title = await conn.QuerySingleOrDefaultAsync<string>(
            "select title from consultation where id = @ConsultationId and decision_id in (select decision_id from staff_decisions(@staff))",
            new { Filter.ConsultationId, staff = User.StaffId() });
        if (title is null) return NotFound();
        ConsultationTitle = title;
        Regions = await regions.AllAsync();
        PageNumber = Math.Max(1, PageNumber);

        var (where, p) = Filter.ToSql();
        p.Add("limit", PageSize);
        p.Add("offset", (PageNumber - 1) * PageSize);
        Total = await conn.ExecuteScalarAsync<long>($"select count(*) from opinion o where {where}", p);
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select o.id, o.receipt_number, o.created_at, o.channel, o.respondent_type, r.name as region_name, o.status,
                   left(o.body, 80) as excerpt, o.name, o.contact
            from opinion o join region r on r.code = o.region_code
            where {where}
            order by o.created_at desc, o.id desc
            limit @limit offset @offset
            """, p)).ToList();
        return Page();
    }

    /// <summary>"张* · 138****5678", from the stored (encrypted) values; empty when none were given.</summary>
    public string Masked(Row row) => string.Join(" · ", new[]
    {
        PersonalData.MaskName(personalData.Unprotect(row.Name)), PersonalData.MaskContact(personalData.Unprotect(row.Contact)),
    }.Where(v => !string.IsNullOrEmpty(v)));
}
