using Dapper;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Portal.Pages;

/// <summary>意见查询: what became of an opinion, by its receipt number: its reply, its disposition with the public reason
/// (Art. 7), the project's published results, and its link in the intake chain (the number a citizen checks against a
/// published head). Never shows name or contact. Look-ups are
/// limited per client address, so receipt numbers cannot be enumerated.</summary>
[EnableRateLimiting(RateLimits.Lookup), RequestSizeLimit(BodyLimits.SmallForm)]
public sealed class LookupModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Result(string ReceiptNumber, DateTime CreatedAt, string Channel, string Status, string Body,
        string? Reply, DateTime? RepliedAt, long ConsultationId, string ConsultationTitle, string? Disposition, string? DispositionReason,
        long? ResultsProjectId, long? ChainSeq = null, DateTime? ChainedAt = null);

    [BindProperty]
    public string? ReceiptNumber { get; set; }

    public Result? Found { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Response.Headers.CacheControl = "no-store";
        if (string.IsNullOrWhiteSpace(ReceiptNumber))
        {
            ModelState.AddModelError(nameof(ReceiptNumber), texts["Lookup.Required"]);
            return Page();
        }
        if (!Receipt.TryNormalize(ReceiptNumber, out var receipt))
        {
            ModelState.AddModelError(nameof(ReceiptNumber), texts["Lookup.Malformed"]);
            return Page();
        }
        await using var conn = await db.OpenConnectionAsync();
        Found = await conn.QuerySingleOrDefaultAsync<Result>(
            """
            select o.receipt_number, o.created_at, o.channel, o.status, o.body, o.reply, o.replied_at,
                   c.id as consultation_id, c.title as consultation_title, d.disposition, d.reason as disposition_reason,
                   (select min(rp.project_id) from project_consultation pc
                    join results_publication rp on rp.project_id = pc.project_id and rp.superseded_at is null
                    where pc.consultation_id = o.consultation_id) as results_project_id,
                   l.seq as chain_seq, l.chained_at
            from opinion o join consultation c on c.id = o.consultation_id
            left join opinion_disposition d on d.opinion_id = o.id
            left join lateral (select seq, chained_at from intake_chain where kind = 'opinion' and row_id = o.id order by seq desc limit 1) l on true
            where o.receipt_number = @receipt
            """, new { receipt });
        if (Found is null)
            ModelState.AddModelError(nameof(ReceiptNumber), texts["Lookup.NotFound"]);
        return Page();
    }
}
