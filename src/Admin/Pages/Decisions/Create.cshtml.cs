using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Decisions;

[Authorize(Policy = StaffAccess.Manage)]
public sealed class CreateModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    [BindProperty] public DecisionForm Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var row = Input.ToRow();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            var id = await conn.ExecuteScalarAsync<long>(
                """
                insert into decision (title, document_number, kind, issuing_body, issued_on, effective_on, valid_until,
                                      summary_html, full_text)
                values (@Title, @DocumentNumber, @Kind, @IssuingBody, @IssuedOn, @EffectiveOn, @ValidUntil,
                        @SummaryHtml, @FullText)
                returning id
                """, row, tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.Decision, id, after: row);
            await tx.CommitAsync();
            TempData.Flash(texts["Decision.Created"].Value);
            return RedirectToPage("Details", new { id });
        }
        catch (PostgresException e) when (e.ConstraintName == "decision_document_number_key")
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DocumentNumber)}", texts["Decision.DocumentNumber.Taken"]);
            return Page();
        }
    }
}
