using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
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

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Input.DepartmentId = await conn.DepartmentIdAsync(User) ?? await conn.DepartmentIdAsync(DepartmentKinds.CityOffice);
        await LoadDepartmentsAsync(conn);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        await LoadDepartmentsAsync(conn);
        if (!User.ActsForEveryDepartment() && Input.DepartmentId is { } chosen && chosen != await conn.DepartmentIdAsync(User))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DepartmentId)}", texts["Decision.Department.NotYours"]);
        if (!ModelState.IsValid) return Page();
        var row = Input.ToRow();
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            var id = await conn.ExecuteScalarAsync<long>(
                """
                insert into decision (title, document_number, kind, department_id, issuing_body, issued_on, effective_on,
                                      valid_until, summary_md, full_text)
                values (@Title, @DocumentNumber, @Kind, @DepartmentId, @IssuingBody, @IssuedOn, @EffectiveOn,
                        @ValidUntil, @SummaryMd, @FullText)
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

    /// <summary>The departments a decision can be filed under: all for the organizer, one's own for the others.</summary>
    private async Task LoadDepartmentsAsync(NpgsqlConnection conn)
    {
        var own = await conn.DepartmentIdAsync(User);
        ViewData["Departments"] = (await conn.DepartmentsAsync()).Where(d => User.ActsForEveryDepartment() || d.Id == own).ToList();
    }
}
