using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Consultations;

/// <summary>Title, description and window of a draft or open consultation (e.g. extending the closing time).</summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class EditModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    private sealed record Current(string Title, string DescriptionMd, DateTime OpensAt, DateTime ClosesAt, string State);

    private const string Select =
        """
        select title, description_md, opens_at, closes_at, state from consultation
        where id = @id and decision_id in (select decision_id from staff_decisions(@staff))
        """;

    [BindProperty] public ConsultationForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var current = await conn.QuerySingleOrDefaultAsync<Current>(Select, new { id, staff = User.StaffId() });
        if (current is null) return NotFound();
        if (current.State == "closed") return RedirectToPage("Details", new { id });
        Input = ConsultationForm.From(current.Title, current.DescriptionMd, current.OpensAt, current.ClosesAt);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await conn.SeesConsultationAsync(User, id)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var row = Input.ToRow();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<Current>(Select + " for update", new { id, staff = User.StaffId() }, tx);
        if (before is null) return NotFound();
        if (before.State == "closed")
        {
            ModelState.AddModelError("", texts["Consultation.Edit.Closed"]);
            return Page();
        }
        await conn.ExecuteAsync(
            """
            update consultation set title = @Title, description_md = @DescriptionMd, opens_at = @OpensAt,
                   closes_at = @ClosesAt, updated_at = now()
            where id = @id
            """, new DynamicParameters(row).With(new { id }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.Consultation, id, before, row);
        await tx.CommitAsync();
        TempData.Flash(texts["Form.Saved"].Value);
        return RedirectToPage("Details", new { id });
    }
}
