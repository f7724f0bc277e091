using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Mail;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Mail;

/// <summary>
/// 待分派邮件: mails whose consultation could not be told (no number, an unknown one, one not open when the mail
/// arrived) and mails over the per-sender limit. Staff assign each to a consultation — it becomes an opinion, given
/// when the mail arrived, and is answered with its receipt — or set it aside with a reason (Art. 6: nothing dropped
/// without one). Automatic and refused messages are listed below, for the record.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = StaffAccess.Manage)]
public sealed class QueueModel(NpgsqlDataSource db, TimeProvider clock, PersonalData personalData, MailTexts mailTexts,
    IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxReasonLength = 500;

    public sealed record Row(long Id, DateTime ReceivedAt, string? Sender, string? SenderName, string Subject, string Body,
        string Status, string? Reason, string RejectedFiles, long Files);

    public sealed record Other(long Id, DateTime ReceivedAt, string Subject, string Status, string? Reason);

    public IReadOnlyList<Row> Waiting { get; private set; } = [];
    public IReadOnlyList<Other> SetAside { get; private set; } = [];
    public IReadOnlyList<StaffConsultations.Summary> Consultations { get; private set; } = [];

    [BindProperty] public long MailId { get; set; }
    [BindProperty] public long? ConsultationId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public string? Masked(Row row) => string.Join(" ", new[]
    {
        PersonalData.MaskName(personalData.Unprotect(row.SenderName)), PersonalData.MaskContact(personalData.Unprotect(row.Sender)),
    }.Where(v => !string.IsNullOrEmpty(v)));

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>The mail becomes an opinion of the chosen consultation.</summary>
    public async Task<IActionResult> OnPostAssignAsync()
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        await using var conn = await db.OpenConnectionAsync();
        if (ConsultationId is not { } consultationId || await conn.FindForStaffAsync(consultationId, User) is null)
        {
            ModelState.AddModelError(Field(nameof(ConsultationId)), texts["MailQueue.ChooseConsultation"]);
            await LoadAsync();
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await conn.BeginTransactionAsync();
        if (!await IsWaitingAsync(conn, tx)) return await GoneAsync(tx);
        var result = await conn.AcceptAsync(tx, personalData, mailTexts, MailId, consultationId, now, User.StaffId());
        if (result is not SubmitResult.Accepted accepted)
        {
            await tx.RollbackAsync();
            ModelState.AddModelError(Field(nameof(ConsultationId)), texts["MailQueue.NotOpen"]);
            await LoadAsync();
            return Page();
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.AssignMail, "inbound_mail", MailId, after: new { consultation_id = consultationId, opinion_id = accepted.OpinionId });
        await tx.CommitAsync();
        TempData.Flash(texts["MailQueue.Assigned", Shared.Respondents.Receipt.Format(accepted.ReceiptNumber)].Value);
        return RedirectToPage();
    }

    /// <summary>Not an opinion (spam, a mail to the wrong office): set aside with the reason, never silently.</summary>
    public async Task<IActionResult> OnPostDismissAsync()
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        var reason = PlainText.Clean(Reason);
        if (reason is null || PlainText.Length(reason) > MaxReasonLength)
        {
            ModelState.AddModelError(Field(nameof(Reason)), texts["MailQueue.ReasonRequired", MaxReasonLength]);
            await LoadAsync();
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (!await IsWaitingAsync(conn, tx)) return await GoneAsync(tx);
        await conn.ExecuteAsync(
            "update inbound_mail set status = 'dismissed', reason = @reason, handled_by = @by, handled_at = @now where id = @MailId",
            new { MailId, reason, by = User.StaffId(), now }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.DismissMail, "inbound_mail", MailId, after: new { reason });
        await tx.CommitAsync();
        TempData.Flash(texts["MailQueue.Dismissed"].Value);
        return RedirectToPage();
    }

    /// <summary>The form fields of one mail are told apart by its id, so a message shows beside the right mail.</summary>
    public string Field(string name) => $"{name}_{MailId}";

    private async Task<bool> IsWaitingAsync(NpgsqlConnection conn, NpgsqlTransaction tx) =>
        await conn.QuerySingleAsync<string>("select status from inbound_mail where id = @MailId for update", new { MailId }, tx)
            is InboundMailStatuses.Waiting or InboundMailStatuses.Held;

    private async Task<IActionResult> GoneAsync(NpgsqlTransaction tx)
    {
        await tx.RollbackAsync();
        TempData.Flash(texts["MailQueue.AlreadyHandled"].Value);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Waiting = (await conn.QueryAsync<Row>(
            """
            select m.id, m.received_at, m.sender, m.sender_name, m.subject, m.body, m.status, m.reason, array_to_string(m.rejected_files, @separator) as rejected_files,
                   (select count(*) from inbound_mail_attachment a where a.inbound_mail_id = m.id) as files
            from inbound_mail m where m.status in ('waiting', 'held') order by m.received_at, m.id limit 200
            """, new { separator = texts["Format.Semicolon"].Value })).ToList();
        SetAside = (await conn.QueryAsync<Other>(
            """
            select id, received_at, subject, status, reason from inbound_mail
            where status in ('ignored', 'refused', 'dismissed') order by received_at desc, id desc limit 50
            """)).ToList();
        Consultations = await conn.ListForStaffAsync(User);
    }
}
