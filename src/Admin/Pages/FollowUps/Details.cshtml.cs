using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.FollowUps;

/// <summary>
/// One follow-up action (Art. 30-33): its history, the department's status updates with their evidence (a note and
/// possibly a file), done; or cancelled with a reason by the managing staff of the project.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxNote = 5000;
    public const int MaxReason = 2000;
    /// <summary>What an update may set; cancelling is an act of its own, with its reason.</summary>
    public static readonly string[] UpdateStatuses = [FollowUpStatuses.Open, FollowUpStatuses.InProgress, FollowUpStatuses.Done];

    public sealed record Update(long Id, string Status, string Note, long? AttachmentId, string? FileName, string UpdatedBy, DateTime UpdatedAt);

    public FollowUpView Action { get; private set; } = null!;
    public IReadOnlyList<Update> Updates { get; private set; } = [];
    public DateOnly Today { get; private set; }
    /// <summary>The staff of the addressed department report on the action (the organizer and the administrator for any).</summary>
    public bool CanUpdate { get; private set; }
    /// <summary>Cancelling is for the managing staff who see the project: they answer for the decision's follow-up.</summary>
    public bool CanCancel { get; private set; }

    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public IFormFile? Evidence { get; set; }
    [BindProperty] public string? CancelReason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanUpdate) return Forbid();
        var note = PlainText.Clean(Note);
        if (!UpdateStatuses.Contains(Status)) ModelState.AddModelError(nameof(Status), texts["Validation.Select", texts["FollowUp.Status"]]);
        if (note is null) ModelState.AddModelError(nameof(Note), texts["FollowUp.Note.Required"]);
        else if (PlainText.Length(note) > MaxNote) ModelState.AddModelError(nameof(Note), texts["Validation.MaxLength", texts["FollowUp.Note"], MaxNote]);
        var (files, refused) = await Attachments.CheckUploadsAsync(Evidence is null ? [] : [Evidence], Attachments.Documents, cancellationToken);
        foreach (var r in refused) ModelState.AddModelError(nameof(Evidence), texts[r.MessageKey, r.FileName, Attachments.MaxBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Page();
        return await ChangeAsync(id, Status!, note!, files.FirstOrDefault(), null);
    }

    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanCancel) return Forbid();
        var reason = PlainText.Clean(CancelReason);
        if (reason is null) ModelState.AddModelError(nameof(CancelReason), texts["FollowUp.CancelReason.Required"]);
        else if (PlainText.Length(reason) > MaxReason) ModelState.AddModelError(nameof(CancelReason), texts["Validation.MaxLength", texts["FollowUp.CancelReason"], MaxReason]);
        if (!ModelState.IsValid) return Page();
        return await ChangeAsync(id, FollowUpStatuses.Cancelled, reason!, null, reason);
    }

    /// <summary>One transaction: the update with its file, the action's status; refused once the action is finished or the
    /// project no longer in follow-up.</summary>
    private async Task<IActionResult> ChangeAsync(long id, string status, string note, CheckedFile? file, string? cancelReason)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The project's row first, as closing takes it: an action cannot change while its project closes.
        var stage = await conn.QuerySingleAsync<string>("select stage from evaluation_project where id = @ProjectId for update", new { Action.ProjectId }, tx);
        var current = await conn.QuerySingleAsync<string>("select status from follow_up_action where id = @id for update", new { id }, tx);
        if (stage != Stages.FollowUp || FollowUpStatuses.IsFinished(current))
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["FollowUp.AlreadyFinished", texts[$"FollowUp.{current}"]]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        long? attachmentId = file is null ? null : await conn.StoreAsync(tx, file);
        await conn.ExecuteAsync(
            """
            insert into follow_up_update (action_id, status, note, attachment_id, updated_by, updated_at)
            values (@id, @status, @note, @attachmentId, @staff, @now)
            """, new { id, status, note, attachmentId, staff = User.StaffId(), now }, tx);
        await conn.ExecuteAsync(
            """
            update follow_up_action set status = @status, cancel_reason = @cancelReason,
                   finished_at = case when @status in ('done', 'cancelled') then @now end
            where id = @id
            """, new { id, status, cancelReason, now }, tx);
        await conn.WriteAsync(tx, User.Actor(), cancelReason is null ? AuditActions.UpdateFollowUp : AuditActions.CancelFollowUp,
            AuditEntities.EvaluationProject, Action.ProjectId, new { action = id, status = current },
            new { action = id, status, attachment = attachmentId, reason = cancelReason });
        await tx.CommitAsync();
        TempData.Flash(texts["FollowUp.Updated", texts[$"FollowUp.{status}"]].Value);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindActionAsync(id, User) is not { } action) return false;
        Action = action;
        Today = Display.Today(clock);
        Updates = (await conn.QueryAsync<Update>(
            """
            select u.id, u.status, u.note, u.attachment_id, f.file_name, s.display_name as updated_by, u.updated_at
            from follow_up_update u join staff_user s on s.id = u.updated_by left join attachment f on f.id = u.attachment_id
            where u.action_id = @id order by u.updated_at desc, u.id desc
            """, new { id })).ToList();
        var open = !FollowUpStatuses.IsFinished(action.Status) && action.ProjectStage == Stages.FollowUp;
        CanUpdate = open && User.CanManage()
            && (User.ActsForEveryDepartment() || await conn.DepartmentIdAsync(User) == action.DepartmentId);
        CanCancel = open && User.CanManage() && await conn.SeesProjectAsync(User, action.ProjectId);
        return true;
    }
}
