using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Reviews;

/// <summary>
/// One legality review (Art. 24): the report version as it was finalized (parts, recommendations, content hash), the
/// evidence behind it, and the justice bureau's opinion. The reviewer reads the report and gives an opinion; nothing
/// here edits the report. Returned → the project goes back to the conclusion stage; passed (with changes) → deliberation.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxText = 20000;

    public sealed record Review(long Id, long ProjectId, string ProjectTitle, string Stage, long ReportVersionId, DateTime SentAt, string SentBy,
        string? Outcome, string? Changes, string? Reasons, DateTime? ReviewedAt, string? ReviewedBy);

    public Review Item { get; private set; } = null!;
    public FinalizedVersion Version { get; private set; } = null!;
    public IReadOnlyList<ReportRecommendation> Recommendations { get; private set; } = [];
    public bool CanDecide { get; private set; }

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Changes { get; set; }
    [BindProperty] public string? Reasons { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        // Art. 3, 24: the justice bureau's opinion, given by its own staff only.
        if (!User.IsInRole(StaffRoles.LegalReviewer)) return Forbid();
        var changes = PlainText.Clean(Changes);
        var reasons = PlainText.Clean(Reasons);
        if (!LegalityOutcomes.All.Contains(Outcome)) ModelState.AddModelError(nameof(Outcome), texts["Review.Outcome.Required"]);
        else if (Outcome == LegalityOutcomes.PassedWithChanges && changes is null)
            ModelState.AddModelError(nameof(Changes), texts["Review.Changes.Required"]);
        else if (Outcome == LegalityOutcomes.Returned && reasons is null)
            ModelState.AddModelError(nameof(Reasons), texts["Review.Reasons.Required"]);
        if (changes is not null && PlainText.Length(changes) > MaxText) ModelState.AddModelError(nameof(Changes), texts["Validation.MaxLength", texts["Review.Changes"], MaxText]);
        if (reasons is not null && PlainText.Length(reasons) > MaxText) ModelState.AddModelError(nameof(Reasons), texts["Validation.MaxLength", texts["Review.Reasons"], MaxText]);
        if (!ModelState.IsValid) return Page();
        // Only what the outcome asks for is kept: the changes of a pass with changes, the reasons of a return.
        changes = Outcome == LegalityOutcomes.PassedWithChanges ? changes : null;
        reasons = Outcome == LegalityOutcomes.Returned ? reasons : null;
        var next = Outcome == LegalityOutcomes.Returned ? ProjectStages.Conclusion : ProjectStages.Deliberation;

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var stage = await conn.QuerySingleAsync<string>("select stage from evaluation_project where id = @ProjectId for update", new { Item.ProjectId }, tx);
        var recorded = await conn.ExecuteAsync(
            """
            update legality_review set outcome = @Outcome, changes = @changes, reasons = @reasons, reviewed_by = @staff, reviewed_at = @now
            where id = @id and outcome is null
            """, new { id, Outcome, changes, reasons, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }, tx);
        if (recorded == 0 || stage != ProjectStages.LegalityReview)
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["Review.AlreadyDecided"]);
            return Page();
        }
        await conn.ExecuteAsync("update evaluation_project set stage = @next, stage_changed_at = @now where id = @ProjectId",
            new { Item.ProjectId, next, now = clock.GetUtcNow().UtcDateTime }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.RecordLegalityReview, AuditEntities.EvaluationProject, Item.ProjectId,
            new { stage }, new { stage = next, review = id, outcome = Outcome, changes, reasons });
        await tx.CommitAsync();
        TempData.Flash(texts["Review.Recorded", texts[$"Legality.{Outcome}"], texts[$"Stage.{next}"]].Value);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var item = await conn.QuerySingleOrDefaultAsync<Review>(
            """
            select r.id, r.project_id, p.title as project_title, p.stage, r.report_version_id, r.sent_at, s.display_name as sent_by,
                   r.outcome, r.changes, r.reasons, r.reviewed_at, rv.display_name as reviewed_by
            from legality_review r join evaluation_project p on p.id = r.project_id join staff_user s on s.id = r.sent_by
            left join staff_user rv on rv.id = r.reviewed_by
            where r.id = @id and r.project_id in (select project_id from staff_projects(@staff))
            """, new { id, staff = User.StaffId() });
        if (item is null) return false;
        Item = item;
        Version = (await conn.FinalizedVersionAsync(item.ReportVersionId))!;
        Recommendations = await conn.RecommendationsAsync(item.ReportVersionId);
        CanDecide = item.Outcome is null && User.IsInRole(StaffRoles.LegalReviewer);
        return true;
    }
}
