using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Admin.Pages.Plans;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Reminders;

/// <summary>
/// 评估提醒: the decisions due for evaluation (Art. 12), each with every cause that applies and since when, computed
/// from the data on each request. A decision leaves the list when an evaluation project covers it. The city
/// government office and the justice bureau mark decisions as necessary to evaluate here (Art. 12(2)); the justice
/// bureau's legal reviewers read every normative document here (register_decisions, migration 0821).
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock, IOptions<TriggerOptions> options, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record DueDecision(long Id, string Title, string? DocumentNumber, string Department, DateOnly? ValidUntil,
        long? RecentOpinions, DateTime? ManyOpinionsSince, DateTime? MarkedSince);

    public sealed record Mark(long Id, long DecisionId, long DepartmentId, string Department, string Reason, string MarkedBy, DateTime MarkedAt);

    public sealed record PlanEntry(long DecisionId, long PlanId, int Year, string State, long ItemId);

    public sealed record Choice(long Id, string Title);

    /// <summary>Art. 12(2): the decision and the reason it should be evaluated.</summary>
    public sealed class NecessityForm
    {
        [Display(Name = "Reminder.Mark.Decision"), Required(ErrorMessage = "Validation.Select")]
        public long? DecisionId { get; set; }

        [Display(Name = "Reminder.Mark.Reason"), Required(ErrorMessage = "Validation.Required"), StringLength(1000, ErrorMessage = "Validation.MaxLength")]
        public string? Reason { get; set; }
    }

    public TriggerOptions Options => options.Value;
    public DateOnly Today { get; private set; }
    public IReadOnlyList<DueDecision> Rows { get; private set; } = [];
    public ILookup<long, Mark> Marks { get; private set; } = Enumerable.Empty<Mark>().ToLookup(m => m.DecisionId);
    public ILookup<long, PlanEntry> Plans { get; private set; } = Enumerable.Empty<PlanEntry>().ToLookup(p => p.DecisionId);
    public PlanHeader? ThisYearsPlan { get; private set; }
    /// <summary>The department the user marks for (the city government office or the justice bureau); null: may not mark.</summary>
    public long? NecessityDepartmentId { get; private set; }
    public IReadOnlyList<Choice> Markable { get; private set; } = [];
    public NecessityForm Input { get; private set; } = new();

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        await LoadAsync(conn);
    }

    /// <summary>Art. 12(2): the city government office or the justice bureau deems an evaluation necessary, with a reason.</summary>
    public async Task<IActionResult> OnPostMarkAsync([Bind(Prefix = nameof(Input))] NecessityForm input)
    {
        Input = input;
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.NecessityDepartmentAsync(User) is not { } department) return this.Refuse(Refusal.Who.Necessity, Refusal.Act.Necessity);
        if (input.DecisionId is { } chosen && !await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from register_decisions(@staff) where decision_id = @chosen)", new { staff = User.StaffId(), chosen }))
            return NotFound();
        var reason = PlainText.Clean(input.Reason);
        if (reason is null && ModelState.IsValid)
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Reason)}", texts["Validation.Required", texts["Reminder.Mark.Reason"]]);
        if (!ModelState.IsValid) return await PageAsync(conn);
        var decisionId = input.DecisionId!.Value;
        // Any project counts, a closed one too: a decision evaluated and closed has been evaluated.
        if (await conn.ExecuteScalarAsync<bool>("select exists (select 1 from evaluation_project where decision_id = @decisionId)", new { decisionId }))
            return await RefuseAsync(conn, "Reminder.Mark.Covered");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            var row = new { DecisionId = decisionId, DepartmentId = department, Reason = reason, MarkedBy = User.StaffId(), MarkedAt = now };
            var id = await conn.ExecuteScalarAsync<long>(
                """
                insert into evaluation_necessity (decision_id, department_id, reason, marked_by, marked_at)
                values (@DecisionId, @DepartmentId, @Reason, @MarkedBy, @MarkedAt)
                returning id
                """, row, tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.MarkNecessary, AuditEntities.EvaluationNecessity, id, after: row);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.ConstraintName == "evaluation_necessity_standing_key")
        {
            await tx.RollbackAsync();
            return await RefuseAsync(conn, "Reminder.Mark.AlreadyMarked");
        }
        TempData.Flash(texts["Reminder.Mark.Done"].Value);
        return RedirectToPage();
    }

    /// <summary>A department withdraws its own mark; the row stays, with the time it was withdrawn.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long markId)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.NecessityDepartmentAsync(User) is not { } department) return this.Refuse(Refusal.Who.Necessity, Refusal.Act.Necessity);
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<(long DepartmentId, string Reason, DateTime MarkedAt)?>(
            """
            select department_id, reason, marked_at from evaluation_necessity
            where id = @markId and withdrawn_at is null and decision_id in (select decision_id from register_decisions(@staff))
            for update
            """, new { markId, staff = User.StaffId() }, tx);
        if (before is not { } mark) return NotFound();
        if (mark.DepartmentId != department)
        {
            await tx.RollbackAsync();
            return await RefuseAsync(conn, "Reminder.Withdraw.NotYours");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await conn.ExecuteAsync("update evaluation_necessity set withdrawn_at = @now where id = @markId", new { markId, now }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.WithdrawNecessity, AuditEntities.EvaluationNecessity, markId,
            new { mark.DepartmentId, mark.Reason, mark.MarkedAt, WithdrawnAt = (DateTime?)null },
            new { mark.DepartmentId, mark.Reason, mark.MarkedAt, WithdrawnAt = now });
        await tx.CommitAsync();
        TempData.Flash(texts["Reminder.Withdraw.Done"].Value);
        return RedirectToPage();
    }

    /// <summary>
    /// One click from a due decision into this year's plan (Art. 13): a draft gets a whole-evaluation item by the
    /// decision's department, to be checked on the item's page; an approved plan takes it only as an amendment with a
    /// reason, so that form opens instead. The organizer's click also starts this year's plan if there is none.
    /// </summary>
    public async Task<IActionResult> OnPostAddToPlanAsync(long decisionId)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.AddToPlan);
        await using var conn = await db.OpenConnectionAsync();
        if (!await conn.SeesDecisionAsync(User, decisionId)) return NotFound();
        var today = Display.Today(clock);
        await using var tx = await conn.BeginTransactionAsync();
        var plan = await conn.QuerySingleOrDefaultAsync<PlanHeader>(
            "select id, year, state from annual_plan where year = @year for update", new { year = today.Year }, tx);
        if (plan is null)
        {
            if (!User.ActsForEveryDepartment())
            {
                await tx.RollbackAsync();
                return await RefuseAsync(conn, "Reminder.AddToPlan.NoPlan", today.Year);
            }
            plan = await conn.CreatePlanAsync(tx, User.Actor(), today.Year, clock);
        }
        if (plan.State == PlanStates.Approved)
        {
            await tx.RollbackAsync();
            return RedirectToPage("/Plans/Item", new { planId = plan.Id, decisionId });
        }
        if (plan.State != PlanStates.Draft)
        {
            await tx.RollbackAsync();
            return await RefuseAsync(conn, "Reminder.AddToPlan.Submitted", plan.Year);
        }
        if (await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from annual_plan_item where plan_id = @planId and decision_id = @decisionId)",
                new { planId = plan.Id, decisionId }, tx))
        {
            await tx.RollbackAsync();
            return await RefuseAsync(conn, "Plan.Item.AlreadyInPlan");
        }
        var row = new
        {
            PlanId = plan.Id,
            DecisionId = decisionId,
            Scope = EvaluationScopes.Whole,
            Parts = (string?)null,
            AgencyDepartmentId = await conn.ExecuteScalarAsync<long>("select department_id from decision where id = @decisionId", new { decisionId }, tx),
            CommissionedInstitution = (string?)null,
            PlannedStart = today,
            PlannedEnd = new DateOnly(today.Year, 12, 31),
            IsAmendment = false,
            AmendmentReason = (string?)null,
        };
        var itemId = await conn.InsertPlanItemAsync(tx, row, clock);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.AnnualPlanItem, itemId, after: row);
        await tx.CommitAsync();
        TempData.Flash(texts["Reminder.AddToPlan.Done", plan.Year].Value);
        return RedirectToPage("/Plans/Item", new { planId = plan.Id, id = itemId });
    }

    /// <summary>Art. 12(3): the day from which the validity ends within six months; null while it is further off.</summary>
    public DateOnly? ExpirySince(DueDecision d) =>
        d.ValidUntil is { } until && until.AddMonths(-Triggers.MonthsBeforeExpiry) <= Today ? until.AddMonths(-Triggers.MonthsBeforeExpiry) : null;

    /// <summary>An expired decision stays on the list (its evaluation is overdue) until a project covers it.</summary>
    public bool IsExpired(DueDecision d) => d.ValidUntil is { } until && until < Today;

    /// <summary>The day (China Standard Time) of a moment: "since" is shown as a date.</summary>
    public DateOnly ChinaDate(DateTime utc) => DateOnly.FromDateTime(Display.ToChinaTime(utc));

    /// <summary>The day from which the decision has been due: its earliest cause. The longest due come first.</summary>
    private DateOnly Since(DueDecision d) =>
        new[] { ExpirySince(d), d.ManyOpinionsSince is { } m ? ChinaDate(m) : null, d.MarkedSince is { } k ? ChinaDate(k) : null }
            .Where(x => x is not null).Min()!.Value;

    private async Task<IActionResult> RefuseAsync(NpgsqlConnection conn, string key, params object[] args)
    {
        ModelState.AddModelError("", texts[key, args]);
        return await PageAsync(conn);
    }

    private async Task<IActionResult> PageAsync(NpgsqlConnection conn)
    {
        await LoadAsync(conn);
        return Page();
    }

    private async Task LoadAsync(NpgsqlConnection conn)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Today = Display.Today(clock);
        var staff = User.StaffId();
        var rows = (await conn.QueryAsync<DueDecision>(
            """
            with visible as (
                select d.id from decision d
                where d.id in (select decision_id from register_decisions(@staff))
                  -- a decision leaves the list once a project covers it; a closed project still does (Art. 30-33: the
                  -- decision was evaluated and decided on; a new evaluation is a new trigger's matter, not this list's)
                  and not exists (select 1 from evaluation_project p where p.decision_id = d.id)
            ),
            recent as (   -- Art. 12(1): the opinions of the window, numbered in the order they came
                select c.decision_id, o.created_at,
                       row_number() over (partition by c.decision_id order by o.created_at, o.id) as n,
                       count(*) over (partition by c.decision_id) as total
                from opinion o join consultation c on c.id = o.consultation_id
                where c.decision_id in (select id from visible) and o.created_at > @windowStart and o.created_at <= @now
            ),
            many as (select decision_id, total, created_at as reached_at from recent where n = @minimumOpinions),
            marked as (   -- Art. 12(2)
                select decision_id, min(marked_at) as marked_since from evaluation_necessity
                where withdrawn_at is null and decision_id in (select id from visible)
                group by decision_id
            )
            select d.id, d.title, d.document_number, dep.name as department, d.valid_until,
                   m.total as recent_opinions, m.reached_at as many_opinions_since, k.marked_since
            from visible v
            join decision d on d.id = v.id
            join department dep on dep.id = d.department_id
            left join many m on m.decision_id = d.id
            left join marked k on k.decision_id = d.id
            -- Art. 12(3): from six months before the validity ends (and after it, until a project covers it)
            where (d.valid_until - make_interval(months => @monthsBeforeExpiry))::date <= @today
               or m.decision_id is not null or k.decision_id is not null
            """,
            new
            {
                staff, now, today = Today, windowStart = now.AddDays(-Options.WindowDays),
                minimumOpinions = Options.MinimumOpinions, monthsBeforeExpiry = Triggers.MonthsBeforeExpiry,
            })).ToList();
        Rows = rows.OrderBy(Since).ThenBy(d => d.Title, StringComparer.Ordinal).ToList();
        var ids = Rows.Select(r => r.Id).ToArray();
        Marks = (await conn.QueryAsync<Mark>(
            """
            select n.id, n.decision_id, n.department_id, dep.name as department, n.reason, s.display_name as marked_by, n.marked_at
            from evaluation_necessity n join department dep on dep.id = n.department_id join staff_user s on s.id = n.marked_by
            where n.withdrawn_at is null and n.decision_id = any(@ids)
            order by n.marked_at, n.id
            """, new { ids })).ToLookup(m => m.DecisionId);
        Plans = (await conn.QueryAsync<PlanEntry>(
            """
            select i.decision_id, p.id as plan_id, p.year, p.state, i.id as item_id
            from annual_plan_item i join annual_plan p on p.id = i.plan_id
            where i.decision_id = any(@ids)
            order by p.year
            """, new { ids })).ToLookup(p => p.DecisionId);
        ThisYearsPlan = await conn.QuerySingleOrDefaultAsync<PlanHeader>(
            "select id, year, state from annual_plan where year = @year", new { year = Today.Year });
        NecessityDepartmentId = await conn.NecessityDepartmentAsync(User);
        if (NecessityDepartmentId is { } department)
        {
            Markable = (await conn.QueryAsync<Choice>(
                """
                select d.id, d.title from decision d
                where d.id in (select decision_id from register_decisions(@staff))
                  and not exists (select 1 from evaluation_project p where p.decision_id = d.id)   -- closed projects count too
                  and not exists (select 1 from evaluation_necessity n
                                  where n.decision_id = d.id and n.department_id = @department and n.withdrawn_at is null)
                order by d.title
                """, new { staff, department })).ToList();
        }
    }
}
