using Dapper;
using Evaluation.Shared.Respondents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages.Questionnaires;

/// <summary>Shown once the response is committed: its receipt number.</summary>
public sealed class SubmittedModel(NpgsqlDataSource db) : PageModel
{
    public sealed record View(string ReceiptNumber, DateTime SubmittedAt, DateTime? AmendedAt, long QuestionnaireId,
        string QuestionnaireTitle, string? CreditCode);

    public View Submission { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string number)
    {
        if (!Receipt.TryNormalize(number, out var receipt)) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select r.receipt_number, r.submitted_at, r.amended_at, q.id as questionnaire_id, q.title as questionnaire_title, r.credit_code
            from response r join questionnaire q on q.id = r.questionnaire_id
            where r.receipt_number = @receipt
            """, new { receipt });
        if (view is null) return NotFound();
        Submission = view;
        HttpContext.Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
