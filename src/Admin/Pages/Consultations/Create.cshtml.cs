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

/// <summary>A new consultation on a decision starts as a draft, invisible to the public until opened. Only on a decision
/// in the user's scope: any other is not found.</summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class CreateModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public long DecisionId { get; set; }
    [BindProperty] public ConsultationForm Input { get; set; } = new();
    public string DecisionTitle { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadDecisionAsync()) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadDecisionAsync()) return NotFound();
        if (!ModelState.IsValid) return Page();
        var row = Input.ToRow();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into consultation (decision_id, title, description_md, opens_at, closes_at)
            values (@DecisionId, @Title, @DescriptionMd, @OpensAt, @ClosesAt)
            returning id
            """, new DynamicParameters(row).With(new { DecisionId }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.Consultation, id, after: new { DecisionId, row });
        await tx.CommitAsync();
        TempData.Flash(texts["Consultation.Created"].Value);
        return RedirectToPage("Details", new { id });
    }

    private async Task<bool> LoadDecisionAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        DecisionTitle = await conn.QuerySingleOrDefaultAsync<string>(
            "select title from decision where id = @DecisionId and id in (select decision_id from staff_decisions(@staff))",
            new { DecisionId, staff = User.StaffId() }) ?? "";
        return DecisionTitle.Length > 0;
    }
}
