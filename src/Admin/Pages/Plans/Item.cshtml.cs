using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Plans;

/// <summary>
/// Adds an item to the annual plan or edits one (Art. 13, 14). Items are edited and removed freely while the plan is a
/// draft; a submitted plan takes no changes; an approved plan takes new items only as amendments with a reason, and
/// its items are never changed.
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class ItemModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    private const string SelectItem =
        """
        select decision_id, scope, parts, agency_department_id, commissioned_institution, planned_start, planned_end, amendment_reason
        from annual_plan_item
        where id = @id and plan_id = @planId and decision_id in (select decision_id from staff_decisions(@staff))
        """;

    public sealed record Choice(long Id, string Title);

    [BindProperty] public PlanItemForm Input { get; set; } = new();
    public PlanView Plan { get; private set; } = null!;
    public long? ItemId { get; private set; }
    /// <summary>Why the item cannot be added or changed now; the page then says so instead of showing the form.</summary>
    public string? Refusal { get; private set; }
    public IReadOnlyList<Choice> Decisions { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public sealed record PlanView(long Id, int Year, string State, string? ApprovalNumber, DateOnly? ApprovedOn);

    /// <summary>An item added to an approved plan is an amendment and needs a reason.</summary>
    public bool IsAmendment => ItemId is null && Plan.State == PlanStates.Approved;

    public async Task<IActionResult> OnGetAsync(long planId, long? id, long? decisionId)
    {
        await using var conn = await db.OpenConnectionAsync();
        var plan = await conn.QuerySingleOrDefaultAsync<PlanView>(SelectPlan, new { planId });
        if (plan is null) return NotFound();
        Plan = plan;
        ItemId = id;
        if (id is not null)
        {
            var item = await conn.QuerySingleOrDefaultAsync<PlanItemForm>(SelectItem, new { id, planId, staff = User.StaffId() });
            if (item is null) return NotFound();
            Input = item;
        }
        else
        {
            var today = Display.Today(clock);
            Input.PlannedStart = plan.Year > today.Year ? new DateOnly(plan.Year, 1, 1) : today;
            Input.PlannedEnd = new DateOnly(Math.Max(plan.Year, today.Year), 12, 31);
            Input.AgencyDepartmentId = await conn.DepartmentIdAsync(User);
            if (decisionId is { } chosen)
            {
                if (!await conn.SeesDecisionAsync(User, chosen)) return NotFound();
                Input.DecisionId = chosen;
                // The department that carries out a decision usually evaluates it (Art. 3).
                if (User.ActsForEveryDepartment())
                    Input.AgencyDepartmentId = await conn.ExecuteScalarAsync<long>("select department_id from decision where id = @chosen", new { chosen });
            }
        }
        Refusal = RefusalFor(plan.State, id is not null);
        await LoadChoicesAsync(conn);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long planId, long? id)
    {
        ItemId = id;
        var staff = User.StaffId();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The plan row is locked: its state cannot change (submitted, approved) while an item is written.
        var plan = await conn.QuerySingleOrDefaultAsync<PlanView>(SelectPlan + " for update", new { planId }, tx);
        if (plan is null) return NotFound();
        Plan = plan;
        PlanItemForm? before = null;
        if (id is not null)
        {
            before = await conn.QuerySingleOrDefaultAsync<PlanItemForm>(SelectItem + " for update", new { id, planId, staff }, tx);
            if (before is null) return NotFound();
        }
        if (Input.DecisionId is { } decision && !await conn.SeesDecisionAsync(User, decision, tx)) return NotFound();
        if (RefusalFor(plan.State, id is not null) is { } refusal)
        {
            Refusal = refusal;
            return await PageAsync(conn, tx);
        }
        if (Input.Scope == EvaluationScopes.Partial && string.IsNullOrWhiteSpace(Input.Parts))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Parts)}", texts["Plan.Item.PartsRequired"]);
        if (IsAmendment && string.IsNullOrWhiteSpace(Input.AmendmentReason))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.AmendmentReason)}", texts["Plan.Item.AmendmentReasonRequired"]);
        // Evaluation staff name their own department; another one is the organizer's to appoint (Art. 3).
        if (!User.ActsForEveryDepartment() && Input.AgencyDepartmentId is { } agency && agency != before?.AgencyDepartmentId
            && agency != await conn.DepartmentIdAsync(User))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.AgencyDepartmentId)}", texts["Plan.Item.AgencyNotYours"]);
        if (!ModelState.IsValid) return await PageAsync(conn, tx);

        var row = Input.ToRow(planId, IsAmendment);
        try
        {
            if (id is null)
            {
                var itemId = await conn.InsertPlanItemAsync(tx, row, clock);
                await conn.WriteAsync(tx, User.Actor(), IsAmendment ? AuditActions.AmendPlan : AuditActions.Create,
                    AuditEntities.AnnualPlanItem, itemId, after: row);
            }
            else
            {
                await conn.ExecuteAsync(
                    """
                    update annual_plan_item set decision_id = @DecisionId, scope = @Scope, parts = @Parts,
                           agency_department_id = @AgencyDepartmentId, commissioned_institution = @CommissionedInstitution,
                           planned_start = @PlannedStart, planned_end = @PlannedEnd
                    where id = @id
                    """, new DynamicParameters(row).With(new { id }), tx);
                await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.AnnualPlanItem, id,
                    before!.ToRow(planId, false), row);
            }
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.ConstraintName == "annual_plan_item_once")
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.DecisionId)}", texts["Plan.Item.AlreadyInPlan"]);
            return await PageAsync(conn, tx);
        }
        TempData.Flash(texts[IsAmendment ? "Plan.Item.Amended" : "Form.Saved"].Value);
        return RedirectToPage("Details", new { id = planId });
    }

    private const string SelectPlan = "select id, year, state, approval_number, approved_on from annual_plan where id = @planId";

    /// <summary>Art. 13: what the plan's state allows for an item, as a text key, or null when it may be written.</summary>
    private static string? RefusalFor(string state, bool existing) => state switch
    {
        PlanStates.Draft => null,
        PlanStates.Submitted => existing ? "Plan.Item.LockedSubmitted" : "Plan.Item.AddSubmitted",
        _ => existing ? "Plan.Item.LockedApproved" : null,
    };

    private async Task<IActionResult> PageAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        await tx.RollbackAsync();
        await LoadChoicesAsync(conn);
        return Page();
    }

    /// <summary>The decisions the user may see, and the departments they may name as evaluation agency.</summary>
    private async Task LoadChoicesAsync(NpgsqlConnection conn)
    {
        Decisions = (await conn.QueryAsync<Choice>(
            "select id, title from decision where id in (select decision_id from staff_decisions(@staff)) order by title, id",
            new { staff = User.StaffId() })).ToList();
        var own = await conn.DepartmentIdAsync(User);
        Departments = (await conn.DepartmentsAsync())
            .Where(d => User.ActsForEveryDepartment() || d.Id == own || d.Id == Input.AgencyDepartmentId).ToList();
    }
}
