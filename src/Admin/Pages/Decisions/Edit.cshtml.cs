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
public sealed class EditModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    private const string Select =
        """
        select title, document_number, kind, department_id, issuing_body, issued_on, effective_on, valid_until, summary_md, full_text
        from decision where id = @id and id in (select decision_id from staff_decisions(@staff))
        """;

    [BindProperty] public DecisionForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var current = await conn.QuerySingleOrDefaultAsync<DecisionForm>(Select, new { id, staff = User.StaffId() });
        if (current is null) return NotFound();
        Input = current;
        await LoadDepartmentsAsync(conn);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await conn.SeesDecisionAsync(User, id)) return NotFound();
        await LoadDepartmentsAsync(conn);
        if (!User.ActsForEveryDepartment() && Input.DepartmentId is { } chosen && chosen != await conn.DepartmentIdAsync(User))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DepartmentId)}", texts["Decision.Department.NotYours"]);
        if (!ModelState.IsValid) return Page();
        var row = Input.ToRow();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<DecisionForm>(Select + " for update", new { id, staff = User.StaffId() }, tx);
        if (before is null) return NotFound();
        // Only the organizer moves a decision to another department: staff who see it through a project may not take it.
        if (!User.ActsForEveryDepartment() && before.DepartmentId != Input.DepartmentId)
        {
            await tx.RollbackAsync();
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DepartmentId)}", texts["Decision.Department.NotYours"]);
            return Page();
        }
        try
        {
            await conn.ExecuteAsync(
                """
                update decision set title = @Title, document_number = @DocumentNumber, kind = @Kind, department_id = @DepartmentId,
                       issuing_body = @IssuingBody, issued_on = @IssuedOn, effective_on = @EffectiveOn,
                       valid_until = @ValidUntil, summary_md = @SummaryMd, full_text = @FullText, updated_at = now()
                where id = @id
                """, new DynamicParameters(row).With(new { id }), tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.Decision, id, before.ToRow(), row);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.ConstraintName == "decision_document_number_key")
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DocumentNumber)}", texts["Decision.DocumentNumber.Taken"]);
            return Page();
        }
        TempData.Flash(texts["Form.Saved"].Value);
        return RedirectToPage("Details", new { id });
    }

    private async Task LoadDepartmentsAsync(NpgsqlConnection conn)
    {
        var own = await conn.DepartmentIdAsync(User);
        ViewData["Departments"] = (await conn.DepartmentsAsync()).Where(d => User.ActsForEveryDepartment() || d.Id == own).ToList();
    }
}
