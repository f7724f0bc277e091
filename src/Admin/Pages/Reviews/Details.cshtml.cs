using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
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
/// here edits the report. Returned → the project goes back to the conclusion stage; passed → deliberation; passed with
/// changes → the changes become a checklist (one row per line) the agency answers in a new finalized version, each marked
/// done with a note, and forwards to deliberation once every change is answered; the reviewer reads the answers here.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxText = 20000;

    public sealed record Review(long Id, long ProjectId, string ProjectTitle, string Stage, long ReportVersionId, DateTime SentAt, string SentBy,
        string? Outcome, string? Changes, string? Reasons, DateTime? ReviewedAt, string? ReviewedBy, DateOnly? ReviewedOn, long? RevisedVersionId);
    public sealed record Change(long Id, int Position, string Text, int? AnsweredVersion, string? Note, string? AnsweredBy, DateTime? AnsweredAt);

    public Review Item { get; private set; } = null!;
    public FinalizedVersion Version { get; private set; } = null!;
    public IReadOnlyList<ReportRecommendation> Recommendations { get; private set; } = [];
    public bool CanDecide { get; private set; }
    /// <summary>The checklist of a pass with changes, with the agency's answers.</summary>
    public IReadOnlyList<Change> Checklist { get; private set; } = [];
    /// <summary>The newest finalized version after the reviewed one: the version the answers are in (null: none yet).</summary>
    public FinalizedVersion? Revised { get; private set; }
    /// <summary>The agency answers the changes and forwards the report (managing roles, project in legality review).</summary>
    public bool CanAnswer { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty] public DateOnly? ReviewedOn { get; set; }
    [BindProperty] public long? ChangeId { get; set; }
    [BindProperty] public string? Note { get; set; }

    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Changes { get; set; }
    [BindProperty] public string? Reasons { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        ReviewedOn = Today;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        // Art. 3, 24: the justice bureau's opinion, given by its own staff only.
        if (!User.IsInRole(StaffRoles.LegalReviewer)) return this.Refuse(Refusal.Who.LegalReviewer, Refusal.Act.LegalityOpinion);
        if (Item.Outcome is not null)
        {
            ModelState.AddModelError("", texts["Review.AlreadyDecided"]);
            return Page();
        }
        var changes = PlainText.Clean(Changes);
        var reasons = PlainText.Clean(Reasons);
        if (!LegalityOutcomes.All.Contains(Outcome)) ModelState.AddModelError(nameof(Outcome), texts["Review.Outcome.Required"]);
        else if (Outcome == LegalityOutcomes.PassedWithChanges && changes is null)
            ModelState.AddModelError(nameof(Changes), texts["Review.Changes.Required"]);
        else if (Outcome == LegalityOutcomes.Returned && reasons is null)
            ModelState.AddModelError(nameof(Reasons), texts["Review.Reasons.Required"]);
        if (changes is not null && PlainText.Length(changes) > MaxText) ModelState.AddModelError(nameof(Changes), texts["Validation.MaxLength", texts["Review.Changes"], MaxText]);
        else if (Outcome == LegalityOutcomes.PassedWithChanges && LegalityChanges.Split(changes).Any(c => c.Length > LegalityChanges.MaxLength))
            ModelState.AddModelError(nameof(Changes), texts["Validation.MaxLength", texts["Review.Changes"], LegalityChanges.MaxLength]);
        if (reasons is not null && PlainText.Length(reasons) > MaxText) ModelState.AddModelError(nameof(Reasons), texts["Validation.MaxLength", texts["Review.Reasons"], MaxText]);
        // Art. 24: the opinion's date lies between the report's finalizing and today.
        var finalizedOn = DateOnly.FromDateTime(Display.ToChinaTime(Version.FinalizedAt));
        if (ReviewedOn is not { } reviewedOn) ModelState.AddModelError(nameof(ReviewedOn), texts["Dates.Review.Required"]);
        else if (Dates.Review(reviewedOn, finalizedOn, Today) is { } dateRefusal)
            ModelState.AddModelError(nameof(ReviewedOn), texts[dateRefusal, Display.Date(finalizedOn)]);
        if (!ModelState.IsValid) return Page();
        // Only what the outcome asks for is kept: the changes of a pass with changes, the reasons of a return.
        changes = Outcome == LegalityOutcomes.PassedWithChanges ? changes : null;
        reasons = Outcome == LegalityOutcomes.Returned ? reasons : null;

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @ProjectId for update", new { Item.ProjectId }, tx);
        var facts = await conn.StageFactsAsync(Item.ProjectId, tx);
        var now = clock.GetUtcNow().UtcDateTime;
        // A pass with changes keeps the project in this stage until the agency answered them (Acts.Revise).
        var transition = Outcome switch
        {
            LegalityOutcomes.Returned => Transitions.Of(Acts.Return),
            LegalityOutcomes.Passed => Transitions.Of(Acts.Pass),
            _ => null,
        };
        var refused = (transition ?? Transitions.Of(Acts.Pass)).Missing(facts).Count > 0;
        var recorded = refused ? 0 : await conn.ExecuteAsync(
            """
            update legality_review set outcome = @Outcome, changes = @changes, reasons = @reasons, reviewed_by = @staff, reviewed_at = @now,
                   reviewed_on = @ReviewedOn
            where id = @id and outcome is null
            """, new { id, Outcome, changes, reasons, staff = User.StaffId(), now, ReviewedOn }, tx);
        if (recorded == 0)
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["Review.AlreadyDecided"]);
            return Page();
        }
        var list = LegalityChanges.Split(changes);
        if (list.Count > 0)
            await conn.ExecuteAsync(
                "insert into legality_change (review_id, position, change) select @id, p, c from unnest(@list) with ordinality as l(c, p)",
                new { id, list = list.ToArray() }, tx);
        var details = new { review = id, outcome = Outcome, reviewed_on = ReviewedOn, changes = list, reasons };
        if (transition is not null) await conn.MoveAsync(tx, transition, Item.ProjectId, User.Actor(), now, details);
        else await conn.WriteAsync(tx, User.Actor(), AuditActions.RecordLegalityReview, AuditEntities.EvaluationProject, Item.ProjectId,
            new { stage = facts.Stage }, new { stage = facts.Stage, review = id, outcome = Outcome, reviewed_on = ReviewedOn, changes = list });
        await tx.CommitAsync();
        TempData.Flash(texts["Review.Recorded", texts[$"Legality.{Outcome}"], texts[$"Stage.{transition?.To ?? facts.Stage}"]].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Art. 24: the agency marks one change done, with a note on how the new finalized version answers it. The answer
    /// names that version: a change is answered in a version finalized after the reviewed one.
    /// </summary>
    public async Task<IActionResult> OnPostAnswerAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.AnswerChanges);
        var note = PlainText.Clean(Note);
        if (!CanAnswer) ModelState.AddModelError("", texts["Review.Answer.NotOpen"]);
        else if (Revised is null) ModelState.AddModelError("", texts["Review.Answer.NoNewVersion", Version.Version]);
        if (note is null) ModelState.AddModelError(nameof(Note), texts["Review.Answer.NoteRequired"]);
        else if (PlainText.Length(note) > LegalityChanges.MaxLength)
            ModelState.AddModelError(nameof(Note), texts["Validation.MaxLength", texts["Review.Answer.Note"], LegalityChanges.MaxLength]);
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @ProjectId for update", new { Item.ProjectId }, tx);
        var answered = await conn.ExecuteAsync(
            """
            update legality_change c set answered_version_id = @versionId, note = @note, answered_by = @staff, answered_at = @now
            from legality_review r join evaluation_project p on p.id = r.project_id
            where c.id = @ChangeId and c.review_id = @id and r.id = c.review_id and r.revised_version_id is null and p.stage = @stage
              and c.answered_at is null
            """, new { ChangeId, id, versionId = Revised!.Id, note, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime, stage = Stages.LegalityReview }, tx);
        if (answered == 0)
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["Review.Answer.NotOpen"]);
            return Page();
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.AnswerLegalityChange, AuditEntities.EvaluationProject, Item.ProjectId,
            after: new { review = id, change = ChangeId, report_version = Revised.Version, note });
        await tx.CommitAsync();
        TempData.Flash(texts["Review.Answer.Recorded"].Value);
        return RedirectToPage(null, null, new { id }, "changes");
    }

    /// <summary>Art. 24: once every change is answered, the agency forwards the revised version to deliberation.</summary>
    public async Task<IActionResult> OnPostReviseAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var transition = Transitions.Of(Acts.Revise);
        if (!transition.Allows(User)) return this.Refuse(transition.Who, $"Act.{transition.Act}");
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @ProjectId for update", new { Item.ProjectId }, tx);
        var facts = await conn.StageFactsAsync(Item.ProjectId, tx);
        var latest = await conn.ExecuteScalarAsync<long?>(
            "select id from legality_review where project_id = @ProjectId and outcome is not null order by reviewed_at desc, id desc limit 1",
            new { Item.ProjectId }, tx);
        IReadOnlyList<string> missing = latest != id ? ["Stage.Missing.ChangesAsked"] : transition.Missing(facts);
        // The version the meeting deliberates on: the newest one the answers name.
        var revised = await conn.ExecuteScalarAsync<long?>(
            """
            select v.id from legality_change c join report_version v on v.id = c.answered_version_id
            where c.review_id = @id order by v.version desc limit 1
            """, new { id }, tx);
        if (missing.Count > 0 || revised is null)
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["Transition.Refused", texts[$"Act.{transition.Act}"], texts[transition.Who]]);
            foreach (var m in missing.DefaultIfEmpty("Stage.Missing.ChangesOpen")) ModelState.AddModelError("", texts[m]);
            return Page();
        }
        await conn.ExecuteAsync("update legality_review set revised_version_id = @revised where id = @id", new { id, revised }, tx);
        await conn.MoveAsync(tx, transition, Item.ProjectId, User.Actor(), clock.GetUtcNow().UtcDateTime, new { review = id, revised_version = revised });
        await tx.CommitAsync();
        TempData.Flash(texts["Review.Revised", texts[$"Stage.{transition.To}"]].Value);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var item = await conn.QuerySingleOrDefaultAsync<Review>(
            """
            select r.id, r.project_id, p.title as project_title, p.stage, r.report_version_id, r.sent_at, s.display_name as sent_by,
                   r.outcome, r.changes, r.reasons, r.reviewed_at, rv.display_name as reviewed_by, r.reviewed_on, r.revised_version_id
            from legality_review r join evaluation_project p on p.id = r.project_id join staff_user s on s.id = r.sent_by
            left join staff_user rv on rv.id = r.reviewed_by
            where r.id = @id and r.project_id in (select project_id from staff_projects(@staff))
            """, new { id, staff = User.StaffId() });
        if (item is null) return false;
        Item = item;
        Version = (await conn.FinalizedVersionAsync(item.ReportVersionId))!;
        Recommendations = await conn.RecommendationsAsync(item.ReportVersionId);
        CanDecide = item.Outcome is null && User.IsInRole(StaffRoles.LegalReviewer);
        Today = Display.Today(clock);
        Checklist = (await conn.QueryAsync<Change>(
            """
            select c.id, c.position, c.change as text, v.version as answered_version, c.note, s.display_name as answered_by, c.answered_at
            from legality_change c left join report_version v on v.id = c.answered_version_id left join staff_user s on s.id = c.answered_by
            where c.review_id = @id order by c.position
            """, new { id })).ToList();
        var latest = await conn.LatestFinalizedAsync(item.ProjectId);
        Revised = latest is not null && latest.Version > Version.Version ? latest : null;
        CanAnswer = item.Outcome == LegalityOutcomes.PassedWithChanges && item.RevisedVersionId is null && item.Stage == Stages.LegalityReview
            && Checklist.Count > 0 && User.CanManage();
        return true;
    }
}
