using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Plans;

/// <summary>年度计划: one plan per year (Art. 13), started by the city government office.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Row(long Id, int Year, string State, string? ApprovalNumber, DateOnly? ApprovedOn, long Items, long Amendments);

    public sealed class NewPlanForm
    {
        [Display(Name = "Plan.Year"), Required(ErrorMessage = "Validation.Required"), Range(2000, 2100, ErrorMessage = "Validation.Range")]
        public int? Year { get; set; }
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public NewPlanForm Input { get; private set; } = new();

    public async Task OnGetAsync()
    {
        Input.Year = Display.Today(clock).Year;
        await using var conn = await db.OpenConnectionAsync();
        await LoadAsync(conn);
    }

    public async Task<IActionResult> OnPostAsync([Bind(Prefix = nameof(Input))] NewPlanForm input)
    {
        Input = input;
        await using var conn = await db.OpenConnectionAsync();
        if (!User.DecidesOnPlans())
            ModelState.AddModelError("", texts["Plan.OnlyOrganizerCreates"]);
        if (!ModelState.IsValid) return await PageAsync(conn);
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            var plan = await conn.CreatePlanAsync(tx, User.Actor(), input.Year!.Value, clock);
            await tx.CommitAsync();
            TempData.Flash(texts["Plan.Created", plan.Year].Value);
            return RedirectToPage("Details", new { id = plan.Id });
        }
        catch (PostgresException e) when (e.ConstraintName == "annual_plan_year_key")
        {
            await tx.RollbackAsync();
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Year)}", texts["Plan.YearTaken", input.Year!.Value]);
            return await PageAsync(conn);
        }
    }

    private async Task<IActionResult> PageAsync(NpgsqlConnection conn)
    {
        await LoadAsync(conn);
        return Page();
    }

    /// <summary>Every year's plan; the items counted are those of the decisions the user may see.</summary>
    private async Task LoadAsync(NpgsqlConnection conn) =>
        Rows = (await conn.QueryAsync<Row>(
            """
            select p.id, p.year, p.state, p.approval_number, p.approved_on,
                   count(i.id) as items, count(i.id) filter (where i.is_amendment) as amendments
            from annual_plan p
            left join annual_plan_item i on i.plan_id = p.id and i.decision_id in (select decision_id from staff_decisions(@staff))
            group by p.id
            order by p.year desc
            """, new { staff = User.StaffId() })).ToList();
}
