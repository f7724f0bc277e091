using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// Art. 25(2), 27: the project's cost-benefit table: each cost and benefit with its amount in yuan, its period and its
/// source, with the totals, the net benefit and the benefit-cost ratio (<see cref="CostBenefit"/>). Everyone who sees
/// the project reads it; its managing staff add, change and delete rows while the project's data is open (the
/// conclusions rest on them), each change audited with the row before and after.
/// </summary>
public sealed class CostBenefitModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxItemLength = 200;
    public const int MaxPeriodLength = 100;
    public const int MaxSourceLength = 200;
    public const int MaxNoteLength = 2000;

    public sealed class RowForm
    {
        [Display(Name = "CostBenefit.Kind"), Required(ErrorMessage = "Validation.Select")]
        public string? Kind { get; set; }
        [Display(Name = "CostBenefit.Item"), Required(ErrorMessage = "Validation.Required"), StringLength(MaxItemLength, ErrorMessage = "Validation.MaxLength")]
        public string? Item { get; set; }
        [Display(Name = "CostBenefit.Amount"), Required(ErrorMessage = "Validation.Required")]
        public decimal? Amount { get; set; }
        [Display(Name = "CostBenefit.PeriodText"), StringLength(MaxPeriodLength, ErrorMessage = "Validation.MaxLength")]
        public string? PeriodText { get; set; }
        [Display(Name = "CostBenefit.PeriodFrom")]
        public DateOnly? PeriodFrom { get; set; }
        [Display(Name = "CostBenefit.PeriodTo")]
        public DateOnly? PeriodTo { get; set; }
        [Display(Name = "CostBenefit.Source"), Required(ErrorMessage = "Validation.Required"), StringLength(MaxSourceLength, ErrorMessage = "Validation.MaxLength")]
        public string? Source { get; set; }
        [Display(Name = "CostBenefit.Note"), StringLength(MaxNoteLength, ErrorMessage = "Validation.MaxLength")]
        public string? Note { get; set; }
    }

    public ProjectHead Project { get; private set; } = null!;
    public CostBenefitTable Table { get; private set; } = CostBenefit.Totals([]);
    /// <summary>Whether the user may change the table now: a managing role and the project's data still open.</summary>
    public bool CanEdit { get; private set; }

    [BindProperty] public RowForm Input { get; set; } = new();
    /// <summary>The row being changed or deleted; none for a new row.</summary>
    [BindProperty(SupportsGet = true)] public long? RowId { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (RowId is { } rowId)
        {
            if (!CanEdit) return User.CanRecord() ? Forbid() : this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
            if (Table.Rows.FirstOrDefault(r => r.Id == rowId) is not { } row) return NotFound();
            Input = new RowForm
            {
                Kind = row.Kind, Item = row.Item, Amount = row.Amount, PeriodText = row.PeriodText, PeriodFrom = row.PeriodFrom,
                PeriodTo = row.PeriodTo, Source = row.Source, Note = row.Note,
            };
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        if (!await LoadAsync(id)) return NotFound();
        if (RowId is { } existing && Table.Rows.All(r => r.Id != existing)) return NotFound();
        if (!Locks.Data(Project.Stage)) return this.Locked(texts, Project.Stage);
        if (this.WaitingForApproval(texts, Project) is { } waiting) return waiting;
        Validate();
        if (!ModelState.IsValid) return Page();

        var row = new
        {
            Input.Kind, Item = PlainText.Clean(Input.Item), Amount = Input.Amount!.Value, PeriodText = PlainText.Clean(Input.PeriodText),
            Input.PeriodFrom, Input.PeriodTo, Source = PlainText.Clean(Input.Source), Note = PlainText.Clean(Input.Note),
        };
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The stage again, under the project's lock: a project moved on meanwhile keeps its table as it was.
        if (!await DataOpenLockedAsync(conn, tx, id)) return this.Locked(texts, Project.Stage);
        if (RowId is { } rowId)
        {
            if ((await CostBenefit.LoadAsync(conn, id, tx)).Rows.FirstOrDefault(r => r.Id == rowId) is not { } before) return NotFound();
            await conn.ExecuteAsync(
                """
                update project_cost_benefit
                set kind = @Kind, item = @Item, amount = @Amount, period_text = @PeriodText, period_from = @PeriodFrom, period_to = @PeriodTo,
                    source = @Source, note = @Note, updated_at = @now
                where id = @rowId and project_id = @id
                """, new DynamicParameters(row).With(new { rowId, id, now }), tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.UpdateCostBenefit, AuditEntities.EvaluationProject, id,
                before: Audited(before), after: new { row = rowId, row.Kind, row.Item, row.Amount, row.PeriodText, row.PeriodFrom, row.PeriodTo, row.Source, row.Note });
        }
        else
        {
            var newId = await conn.ExecuteScalarAsync<long>(
                """
                insert into project_cost_benefit (project_id, kind, item, amount, period_text, period_from, period_to, source, note, recorded_by, recorded_at)
                values (@id, @Kind, @Item, @Amount, @PeriodText, @PeriodFrom, @PeriodTo, @Source, @Note, @staff, @now) returning id
                """, new DynamicParameters(row).With(new { id, staff = User.StaffId(), now }), tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.RecordCostBenefit, AuditEntities.EvaluationProject, id,
                after: new { row = newId, row.Kind, row.Item, row.Amount, row.PeriodText, row.PeriodFrom, row.PeriodTo, row.Source, row.Note });
        }
        await tx.CommitAsync();
        TempData.Flash(texts[RowId is null ? "CostBenefit.Recorded" : "CostBenefit.Updated"].Value);
        return RedirectToPage(null, null, new { id }, "table");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        if (!await LoadAsync(id)) return NotFound();
        if (RowId is not { } rowId || Table.Rows.FirstOrDefault(r => r.Id == rowId) is not { } row) return NotFound();
        if (!Locks.Data(Project.Stage)) return this.Locked(texts, Project.Stage);
        if (this.WaitingForApproval(texts, Project) is { } waiting) return waiting;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (!await DataOpenLockedAsync(conn, tx, id)) return this.Locked(texts, Project.Stage);
        var deleted = await conn.ExecuteAsync("delete from project_cost_benefit where id = @rowId and project_id = @id", new { rowId, id }, tx);
        if (deleted == 0) return NotFound();
        await conn.WriteAsync(tx, User.Actor(), AuditActions.DeleteCostBenefit, AuditEntities.EvaluationProject, id, before: Audited(row));
        await tx.CommitAsync();
        TempData.Flash(texts["CostBenefit.Deleted"].Value);
        return RedirectToPage(null, null, new { id }, "table");
    }

    private static async Task<bool> DataOpenLockedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id) =>
        Locks.Data(await conn.ExecuteScalarAsync<string>("select stage from evaluation_project where id = @id for update", new { id }, tx) ?? "");

    private static object Audited(CostBenefitRow r) =>
        new { row = r.Id, r.Kind, r.Item, r.Amount, r.PeriodText, r.PeriodFrom, r.PeriodTo, r.Source, r.Note };

    /// <summary>What the annotations cannot say: the kind is one of two, the amount fits the column with at most two
    /// decimals, the period is given in words or as dates, and in order.</summary>
    private void Validate()
    {
        if (Input.Kind is not null && !CostBenefit.Kinds.Contains(Input.Kind))
            ModelState.AddModelError("Input.Kind", texts["Validation.Invalid.Any"]);
        if (Input.Amount is { } amount)
        {
            if (amount < 0 || amount > CostBenefit.MaxAmount)
                ModelState.AddModelError("Input.Amount", texts["CostBenefit.Amount.Range"]);
            else if (decimal.Round(amount, 2) != amount)
                ModelState.AddModelError("Input.Amount", texts["CostBenefit.Amount.Cents"]);
        }
        if (PlainText.Clean(Input.PeriodText) is null && Input.PeriodFrom is null)
            ModelState.AddModelError("Input.PeriodText", texts[Input.PeriodTo is null ? "CostBenefit.Period.Required" : "CostBenefit.Period.FromMissing"]);
        else if (Input.PeriodTo is not null && Input.PeriodFrom is null)
            // An end date needs its start date (the table's period_order rule), with or without the period in words.
            ModelState.AddModelError("Input.PeriodTo", texts["CostBenefit.Period.FromMissing"]);
        else if (Input.PeriodFrom is { } from && Input.PeriodTo is { } to && from > to)
            ModelState.AddModelError("Input.PeriodTo", texts["CostBenefit.Period.Order"]);
    }


    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        Project = await conn.FindProjectAsync(id, User) ?? null!;
        if (Project is null) return false;
        Table = await CostBenefit.LoadAsync(conn, id);
        CanEdit = User.CanRecord() && Locks.Data(Project.Stage);
        return true;
    }
}
