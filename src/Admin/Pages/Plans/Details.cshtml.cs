using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Data;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Plans;

/// <summary>
/// One year's plan (Art. 13): its items, and its way from draft through submitted to approved (with the approval
/// document's number and date). Approved items become evaluation projects with one action (立项). Every refusal says
/// why on the page.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record PlanView(long Id, int Year, string State, DateTime CreatedAt, DateTime? SubmittedAt,
        string? ApprovalNumber, DateOnly? ApprovedOn);

    private sealed record PlanState(string State, DateTime? SubmittedAt, string? ApprovalNumber, DateOnly? ApprovedOn, long Items);

    public sealed record ItemRow(long Id, long DecisionId, string DecisionTitle, string Scope, string? Parts, string Agency,
        string? CommissionedInstitution, DateOnly PlannedStart, DateOnly PlannedEnd, bool IsAmendment, string? AmendmentReason,
        DateTime CreatedAt, long? ProjectId, long? OtherProjectId, string DecisionKind)
    {
        /// <summary>Art. 22-23: the simplified procedure is chapter 2's, for normative documents only (0863).</summary>
        public IEnumerable<string> Procedures => DecisionKind == DecisionKinds.NormativeDocument
            ? EvaluationProcedures.All : [EvaluationProcedures.Standard];
    }

    private sealed record ItemForProject(long DecisionId, string Title, string Scope, string? Parts, long AgencyDepartmentId,
        string? CommissionedInstitution, long? ProjectId, long? OtherProjectId, string DecisionKind);

    /// <summary>The approval by the government (Art. 13): its document number and date.</summary>
    public sealed class ApprovalForm
    {
        [Display(Name = "Plan.ApprovalNumber"), Required(ErrorMessage = "Validation.Required"), StringLength(100, ErrorMessage = "Validation.MaxLength")]
        public string? ApprovalNumber { get; set; }

        [Display(Name = "Plan.ApprovedOn"), Required(ErrorMessage = "Validation.Required")]
        public DateOnly? ApprovedOn { get; set; }
    }

    private const string SelectState =
        """
        select state, submitted_at, approval_number, approved_on,
               (select count(*) from annual_plan_item i where i.plan_id = p.id) as items
        from annual_plan p where id = @id
        """;

    public PlanView Plan { get; private set; } = null!;
    public IReadOnlyList<ItemRow> Items { get; private set; } = [];
    public ApprovalForm Approval { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await LoadAsync(conn, id) ? Page() : NotFound();
    }

    /// <summary>The organizer submits the draft to the government for approval.</summary>
    public Task<IActionResult> OnPostSubmitAsync(long id) => ChangeStateAsync(id, AuditActions.SubmitPlan, plan =>
            plan.State != PlanStates.Draft ? "Plan.Submit.NotDraft"
            : plan.Items == 0 ? "Plan.Submit.NoItems"
            : null,
        $"update annual_plan set state = '{PlanStates.Submitted}', submitted_at = @now where id = @id", new { }, "Plan.Submitted");

    /// <summary>A submitted plan sent back for changes becomes a draft again.</summary>
    public Task<IActionResult> OnPostReturnAsync(long id) => ChangeStateAsync(id, AuditActions.ReturnPlan, plan =>
            plan.State != PlanStates.Submitted ? "Plan.Return.NotSubmitted" : null,
        $"update annual_plan set state = '{PlanStates.Draft}', submitted_at = null where id = @id", new { }, "Plan.Returned");

    /// <summary>Records the government's approval, with the approval document's number and date.</summary>
    public async Task<IActionResult> OnPostApproveAsync(long id, [Bind(Prefix = nameof(Approval))] ApprovalForm approval)
    {
        Approval = approval;
        if (approval.ApprovedOn is { } on && on > Display.Today(clock))
            ModelState.AddModelError($"{nameof(Approval)}.{nameof(approval.ApprovedOn)}", texts["Plan.Approve.DateInFuture"]);
        return await ChangeStateAsync(id, AuditActions.ApprovePlan, plan =>
                plan.State == PlanStates.Approved ? "Plan.Approve.AlreadyApproved"
                : plan.State != PlanStates.Submitted ? "Plan.Approve.NotSubmitted"
                : null,
            $"update annual_plan set state = '{PlanStates.Approved}', approval_number = @number, approved_on = @on where id = @id",
            new { number = PlainText.Clean(approval.ApprovalNumber), on = approval.ApprovedOn }, "Plan.Approved");
    }

    /// <summary>Removes an item; only while the plan is a draft (an approved plan's items are never removed).</summary>
    public async Task<IActionResult> OnPostRemoveItemAsync(long id, long itemId)
    {
        if (!User.CanManage()) return await RefuseAsync(id, "Plan.Item.NotAllowed");
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var plan = await conn.QuerySingleOrDefaultAsync<PlanState>(SelectState + " for update", new { id }, tx);
        if (plan is null) return NotFound();
        var item = await conn.QuerySingleOrDefaultAsync<PlanItemForm>(
            """
            select decision_id, scope, parts, agency_department_id, commissioned_institution, planned_start, planned_end, amendment_reason
            from annual_plan_item
            where id = @itemId and plan_id = @id and decision_id in (select decision_id from staff_decisions(@staff))
            for update
            """, new { id, itemId, staff = User.StaffId() }, tx);
        if (item is null) return NotFound();
        if (plan.State != PlanStates.Draft)
        {
            await tx.RollbackAsync();
            return await RefuseAsync(id, plan.State == PlanStates.Approved ? "Plan.Item.LockedApproved" : "Plan.Item.LockedSubmitted");
        }
        await conn.ExecuteAsync("delete from annual_plan_item where id = @itemId", new { itemId }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.RemovePlanItem, AuditEntities.AnnualPlanItem, itemId, item.ToRow(id, false));
        await tx.CommitAsync();
        TempData.Flash(texts["Plan.Item.Removed"].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// 立项: an approved item becomes an evaluation project, its title from the decision and its scope, parts, agency
    /// and institution from the item; the procedure is the standard one unless the simplified one is chosen (Art. 22).
    /// </summary>
    public async Task<IActionResult> OnPostCreateProjectAsync(long id, long itemId, string? procedure)
    {
        if (!User.CanManage()) return await RefuseAsync(id, "Plan.Project.NotAllowed");
        procedure = string.IsNullOrEmpty(procedure) ? EvaluationProcedures.Standard : procedure;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var plan = await conn.QuerySingleOrDefaultAsync<PlanState>(SelectState + " for share", new { id }, tx);
        if (plan is null) return NotFound();
        var item = await conn.QuerySingleOrDefaultAsync<ItemForProject>(
            """
            select i.decision_id, d.title, i.scope, i.parts, i.agency_department_id, i.commissioned_institution,
                   (select p.id from evaluation_project p where p.plan_item_id = i.id) as project_id,
                   -- any project of the decision, closed ones included: a decision evaluated and closed was evaluated
                   (select min(p.id) from evaluation_project p where p.decision_id = i.decision_id) as other_project_id,
                   d.kind as decision_kind
            from annual_plan_item i join decision d on d.id = i.decision_id
            where i.id = @itemId and i.plan_id = @id and i.decision_id in (select decision_id from staff_decisions(@staff))
            for update of i
            """, new { id, itemId, staff = User.StaffId() }, tx);
        if (item is null) return NotFound();
        var refusal = plan.State != PlanStates.Approved ? "Plan.Project.NotApproved"
            : item.ProjectId is not null ? "Plan.Project.AlreadyCreated"
            : item.OtherProjectId is not null ? "Plan.Project.DecisionCovered"
            : !EvaluationProcedures.All.Contains(procedure) ? "Plan.Project.ProcedureInvalid"
            : procedure == EvaluationProcedures.Simplified && item.DecisionKind != DecisionKinds.NormativeDocument
                ? "Project.Procedure.SimplifiedNormativeOnly"
            : null;
        if (refusal is not null)
        {
            await tx.RollbackAsync();
            return await RefuseAsync(id, refusal);
        }
        var projectId = await conn.CreateProjectAsync(tx, new NewProject(item.DecisionId, itemId, item.Title, procedure, item.Scope,
            item.Parts, item.AgencyDepartmentId, item.CommissionedInstitution), User.Actor(), clock.GetUtcNow().UtcDateTime);
        await tx.CommitAsync();
        TempData.Flash(texts["Plan.Project.Created"].Value);
        return Redirect(ProjectUrl(projectId));
    }

    /// <summary>The project's page (Admin 评估项目).</summary>
    public string ProjectUrl(long projectId) =>
        Url.Page("/Projects/Details", new { id = projectId }) ?? $"/Projects/Details?id={projectId}";

    private async Task<IActionResult> ChangeStateAsync(long id, string action, Func<PlanState, string?> refusal,
        string update, object values, string done)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<PlanState>(SelectState + " for update", new { id }, tx);
        if (before is null) return NotFound();
        // Art. 13: the plan is the city government office's; the departments contribute items.
        var reason = !User.DecidesOnPlans() ? "Plan.OnlyOrganizer" : refusal(before);
        if (reason is not null || !ModelState.IsValid)
        {
            await tx.RollbackAsync();
            if (reason is not null) ModelState.AddModelError("", texts[reason]);
            return await LoadAsync(conn, id) ? Page() : NotFound();
        }
        await conn.ExecuteAsync(update, new DynamicParameters(values).With(new { id, now = clock.GetUtcNow().UtcDateTime }), tx);
        var after = await conn.QuerySingleAsync<PlanState>(SelectState, new { id }, tx);
        await conn.WriteAsync(tx, User.Actor(), action, AuditEntities.AnnualPlan, id, before, after);
        await tx.CommitAsync();
        TempData.Flash(texts[done].Value);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> RefuseAsync(long id, string key)
    {
        ModelState.AddModelError("", texts[key]);
        await using var conn = await db.OpenConnectionAsync();
        return await LoadAsync(conn, id) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(NpgsqlConnection conn, long id)
    {
        var plan = await conn.QuerySingleOrDefaultAsync<PlanView>(
            "select id, year, state, created_at, submitted_at, approval_number, approved_on from annual_plan where id = @id", new { id });
        if (plan is null) return false;
        Plan = plan;
        Items = (await conn.QueryAsync<ItemRow>(
            """
            select i.id, i.decision_id, d.title as decision_title, i.scope, i.parts, dep.name as agency,
                   i.commissioned_institution, i.planned_start, i.planned_end, i.is_amendment, i.amendment_reason, i.created_at,
                   (select p.id from evaluation_project p where p.plan_item_id = i.id) as project_id,
                   (select min(p.id) from evaluation_project p where p.decision_id = i.decision_id) as other_project_id,
                   d.kind as decision_kind
            from annual_plan_item i
            join decision d on d.id = i.decision_id
            join department dep on dep.id = i.agency_department_id
            where i.plan_id = @id and i.decision_id in (select decision_id from staff_decisions(@staff))
            order by i.is_amendment, i.created_at, i.id
            """, new { id, staff = User.StaffId() })).ToList();
        return true;
    }
}
