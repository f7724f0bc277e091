using Dapper;
using Evaluation.Shared.Respondents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages;

/// <summary>Shown after the opinion is committed: the receipt number to keep.</summary>
public sealed class ReceiptModel(NpgsqlDataSource db) : PageModel
{
    public sealed record View(string ReceiptNumber, DateTime CreatedAt, long ConsultationId, string ConsultationTitle);

    public View Opinion { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string number)
    {
        if (!Receipt.TryNormalize(number, out var receipt)) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select o.receipt_number, o.created_at, c.id as consultation_id, c.title as consultation_title
            from opinion o join consultation c on c.id = o.consultation_id
            where o.receipt_number = @receipt
            """, new { receipt });
        if (view is null) return NotFound();
        Opinion = view;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
