using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.FollowUps;

/// <summary>
/// One follow-up action (Art. 31-33): its history and the acts of <see cref="FollowUpActs"/>. The staff of the addressed
/// department report progress, report it done with evidence (a note and possibly a file) and may ask for cancellation
/// with a reason; the organizer (the city government office, 督查) accepts or returns the report and approves or refuses
/// the cancellation. An action carrying out the meeting's decision (修改, 废止) is cancelled only with the reference of a
/// later decision. Each act is one transaction and audited.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxNote = 5000;
    public const int MaxReason = 2000;
    public const int MaxReference = 200;
    /// <summary>What the department's update may set: progress, or done (the report the organizer then accepts).</summary>
    public static readonly string[] UpdateStatuses = [FollowUpStatuses.InProgress, FollowUpStatuses.Reported];

    public sealed record Update(long Id, string Status, string? Act, string? Note, long? AttachmentId, string? FileName, string UpdatedBy,
        long UpdatedById, DateTime UpdatedAt);

    public FollowUpView Action { get; private set; } = null!;
    public IReadOnlyList<Update> Updates { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public DateOnly? MeetingOn { get; private set; }
    /// <summary>The user is staff of the addressed department (who carries the action out and reports).</summary>
    public bool IsDepartment { get; private set; }
    /// <summary>The user is the organizer (who accepts and decides on cancellation).</summary>
    public bool IsOrganizer { get; private set; }
    /// <summary>The project is in follow-up: acts are possible at all.</summary>
    public bool Open { get; private set; }
    public bool CanUpdate => Open && IsDepartment && FollowUpActs.Of(FollowUpActs.Report).From.Contains(Action.Status);
    public bool CanCancel => Open && IsDepartment && FollowUpActs.Of(FollowUpActs.RequestCancel).From.Contains(Action.Status);
    public bool CanAccept => Open && IsOrganizer && Action.Status == FollowUpStatuses.Reported;
    public bool CanDecideCancel => Open && IsOrganizer && Action.Status == FollowUpStatuses.CancelRequested;

    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public IFormFile? Evidence { get; set; }
    [BindProperty] public string? CancelReason { get; set; }
    /// <summary>The organizer's reason for a return or a refusal.</summary>
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? LaterReference { get; set; }
    [BindProperty] public DateOnly? LaterOn { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>The department's update: progress, or done with its evidence (then awaiting the organizer's acceptance).</summary>
    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        var act = FollowUpActs.Of(Status == FollowUpStatuses.Reported ? FollowUpActs.Report : FollowUpActs.Progress);
        if (Refused(act) is { } refused) return refused;
        var note = PlainText.Clean(Note);
        if (!UpdateStatuses.Contains(Status)) ModelState.AddModelError(nameof(Status), texts["Validation.Select", texts["FollowUp.Status"]]);
        if (note is null) ModelState.AddModelError(nameof(Note), texts[act.Code == FollowUpActs.Report ? "FollowUp.Report.NoteRequired" : "FollowUp.Note.Required"]);
        else if (PlainText.Length(note) > MaxNote) ModelState.AddModelError(nameof(Note), texts["Validation.MaxLength", texts["FollowUp.Note"], MaxNote]);
        var (files, refusedFiles) = await Attachments.CheckUploadsAsync(Evidence is null ? [] : [Evidence], Attachments.Documents, cancellationToken);
        foreach (var r in refusedFiles) ModelState.AddModelError(nameof(Evidence), texts[r.MessageKey, r.FileName, Attachments.MaxBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Page();
        return await ActAsync(id, act, note, files.FirstOrDefault());
    }

    /// <summary>The department asks for cancellation, with its reason.</summary>
    public async Task<IActionResult> OnPostCancelAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var act = FollowUpActs.Of(FollowUpActs.RequestCancel);
        if (Refused(act) is { } refused) return refused;
        var reason = RequiredText(CancelReason, nameof(CancelReason), "FollowUp.CancelReason.Required", "FollowUp.CancelReason");
        if (!ModelState.IsValid) return Page();
        return await ActAsync(id, act, reason, null, cancelReason: reason);
    }

    /// <summary>The organizer accepts the reported action: now it is done.</summary>
    public async Task<IActionResult> OnPostAcceptAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var act = FollowUpActs.Of(FollowUpActs.Accept);
        if (Refused(act) is { } refused) return refused;
        var note = OptionalNote();
        if (!ModelState.IsValid) return Page();
        return await ActAsync(id, act, note, null);
    }

    /// <summary>The organizer returns the report with its reason: back to in progress.</summary>
    public async Task<IActionResult> OnPostReturnAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var act = FollowUpActs.Of(FollowUpActs.Return);
        if (Refused(act) is { } refused) return refused;
        var reason = RequiredText(Reason, nameof(Reason), "FollowUp.Return.ReasonRequired", "FollowUp.Reason");
        if (!ModelState.IsValid) return Page();
        return await ActAsync(id, act, reason, null);
    }

    /// <summary>The organizer approves the requested cancellation; an action carrying out the meeting's decision needs the
    /// later decision that undoes it (document number and date, not before the meeting nor in the future).</summary>
    public async Task<IActionResult> OnPostApproveCancelAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var act = FollowUpActs.Of(FollowUpActs.ApproveCancel);
        if (Refused(act) is { } refused) return refused;
        var note = OptionalNote();
        var reference = PlainText.Clean(LaterReference)?.Replace('\n', ' ');
        if (Action.CarriesDecision)
        {
            if (reference is null || LaterOn is null) ModelState.AddModelError(nameof(LaterReference), texts["FollowUp.Later.Required"]);
            else if (PlainText.Length(reference) > MaxReference)
                ModelState.AddModelError(nameof(LaterReference), texts["Validation.MaxLength", texts["FollowUp.LaterReference"], MaxReference]);
            else if (MeetingOn is { } meeting && LaterOn < meeting || LaterOn > Today)
                ModelState.AddModelError(nameof(LaterOn), texts["FollowUp.Later.Date", MeetingOn is { } m ? Display.Date(m) : "—"]);
        }
        else if (reference is not null || LaterOn is not null) (reference, LaterOn) = (null, null);
        if (!ModelState.IsValid) return Page();
        return await ActAsync(id, act, note, null, cancelReason: Action.CancelReason, later: reference is null ? null : (reference, LaterOn!.Value));
    }

    /// <summary>The organizer refuses the requested cancellation with its reason: back to in progress.</summary>
    public async Task<IActionResult> OnPostRefuseCancelAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var act = FollowUpActs.Of(FollowUpActs.RefuseCancel);
        if (Refused(act) is { } refused) return refused;
        var reason = RequiredText(Reason, nameof(Reason), "FollowUp.Refuse.ReasonRequired", "FollowUp.Reason");
        if (!ModelState.IsValid) return Page();
        return await ActAsync(id, act, reason, null);
    }

    /// <summary>Who may take the act and whether the action is where the act starts, said in words on the page (403 for
    /// the wrong party, 409 for the wrong status); the organizer does not accept a report they made themselves.</summary>
    private PageResult? Refused(FollowUpAct act)
    {
        var party = act.Party == FollowUpParty.Department ? IsDepartment : IsOrganizer;
        if (!party)
        {
            ModelState.AddModelError("", act.Party == FollowUpParty.Department
                ? texts["FollowUp.Who.Department", texts[$"FollowUp.Act.{act.Code}"], Action.DepartmentName]
                : texts["FollowUp.Who.Organizer", texts[$"FollowUp.Act.{act.Code}"]]);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        if (!Open || !act.From.Contains(Action.Status))
        {
            ModelState.AddModelError("", Open
                ? texts["FollowUp.Refused.Status", texts[$"FollowUp.{Action.Status}"], texts[$"FollowUp.Act.{act.Code}"], texts[$"FollowUp.Needs.{act.Code}"]]
                : texts["FollowUp.AlreadyFinished", texts[$"FollowUp.{Action.Status}"]]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (act.Code == FollowUpActs.Accept && ReportedBy() == User.StaffId())
        {
            ModelState.AddModelError("", texts["FollowUp.Accept.OwnReport"]);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        return null;
    }

    /// <summary>Who made the report now awaiting acceptance (the latest report in the history).</summary>
    private long? ReportedBy() => Updates.FirstOrDefault(u => u.Act == FollowUpActs.Report || u.Act is null && u.Status == FollowUpStatuses.Reported)?.UpdatedById;

    private string? RequiredText(string? value, string field, string requiredKey, string nameKey)
    {
        var text = PlainText.Clean(value);
        if (text is null) ModelState.AddModelError(field, texts[requiredKey]);
        else if (PlainText.Length(text) > MaxReason) ModelState.AddModelError(field, texts["Validation.MaxLength", texts[nameKey], MaxReason]);
        return text;
    }

    private string? OptionalNote()
    {
        var note = PlainText.Clean(Note);
        if (note is not null && PlainText.Length(note) > MaxNote) ModelState.AddModelError(nameof(Note), texts["Validation.MaxLength", texts["FollowUp.Note"], MaxNote]);
        return note;
    }

    /// <summary>One transaction: the project's row and the action's row locked, the act's starting status checked again
    /// (another user may have acted meanwhile), the update with its file, the action's status, the audit entry.</summary>
    private async Task<IActionResult> ActAsync(long id, FollowUpAct act, string? note, CheckedFile? file, string? cancelReason = null,
        (string Reference, DateOnly On)? later = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The project's row first, as closing takes it: an action cannot change while its project closes.
        var stage = await conn.QuerySingleAsync<string>("select stage from evaluation_project where id = @ProjectId for update", new { Action.ProjectId }, tx);
        var current = await conn.QuerySingleAsync<string>("select status from follow_up_action where id = @id for update", new { id }, tx);
        if (stage != Stages.FollowUp || !act.From.Contains(current))
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            return Refused(act) ?? Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        long? attachmentId = file is null ? null : await conn.StoreAsync(tx, file);
        await conn.ExecuteAsync(
            """
            insert into follow_up_update (action_id, status, act, note, attachment_id, updated_by, updated_at)
            values (@id, @To, @Code, @note, @attachmentId, @staff, @now)
            """, new { id, act.To, act.Code, note, attachmentId, staff = User.StaffId(), now }, tx);
        var decided = act.To is FollowUpStatuses.Done or FollowUpStatuses.Cancelled;
        await conn.ExecuteAsync(
            """
            update follow_up_action set status = @To, cancel_reason = @cancelReason,
                   finished_at = case when @decided then @now end, decided_by = case when @decided then @staff end,
                   later_decision_reference = @laterReference, later_decision_on = @laterOn
            where id = @id
            """, new { id, act.To, cancelReason, now, decided, staff = User.StaffId(), laterReference = later?.Reference, laterOn = later?.On }, tx);
        await conn.WriteAsync(tx, User.Actor(), act.Audit, AuditEntities.EvaluationProject, Action.ProjectId,
            // "follow_up" reads its code through the texts FollowUp.<status> in the audit log.
            new { action = id, follow_up = current },
            new { action = id, follow_up = act.To, note, attachment = attachmentId, reason = cancelReason,
                  later_decision = later?.Reference, later_decision_on = later?.On });
        await tx.CommitAsync();
        TempData.Flash(texts["FollowUp.Updated", texts[$"FollowUp.{act.To}"]].Value);
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
            select u.id, u.status, u.act, u.note, u.attachment_id, f.file_name, s.display_name as updated_by, u.updated_by as updated_by_id, u.updated_at
            from follow_up_update u join staff_user s on s.id = u.updated_by left join attachment f on f.id = u.attachment_id
            where u.action_id = @id order by u.updated_at desc, u.id desc
            """, new { id })).ToList();
        MeetingOn = await conn.ExecuteScalarAsync<DateOnly?>("select meeting_on from executive_decision where project_id = @ProjectId", new { action.ProjectId });
        Open = action.ProjectStage == Stages.FollowUp;
        // Art. 31: the department that carries the action out reports on it; Art. 32-33: the organizer accepts and decides.
        IsDepartment = User.CanManage() && await conn.DepartmentIdAsync(User) == action.DepartmentId;
        IsOrganizer = User.IsInRole(StaffRoles.Organizer);
        return true;
    }
}
