using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>On the opinion page: how an offline or e-mail opinion came in — dates, reference, who recorded it, its
/// scans or attachments, the mails sent about it.</summary>
public sealed class OpinionSourceViewComponent(NpgsqlDataSource db) : ViewComponent
{
    public sealed record Source(DateOnly ReceivedOn, DateOnly? PostmarkOn, string? SenderReference, string? MeetingTitle,
        string? EnteredBy, DateTime EnteredAt);

    public sealed record Mail(DateTime ReceivedAt, string Subject, string RejectedFiles);

    public sealed record Sent(string Kind, string Status, DateTime CreatedAt, DateTime? SentAt, string? LastError);

    public sealed record Model(long OpinionId, Source? Offline, Mail? Email, IReadOnlyList<Attachments.Listed> Files,
        IReadOnlyList<Sent> Outbox);

    public async Task<IViewComponentResult> InvokeAsync(long opinionId)
    {
        await using var conn = await db.OpenConnectionAsync();
        var offline = await conn.QuerySingleOrDefaultAsync<Source>(
            """
            select s.received_on, s.postmark_on, s.sender_reference, s.meeting_title, u.display_name as entered_by, s.entered_at
            from opinion_source s left join staff_user u on u.id = s.entered_by where s.opinion_id = @opinionId
            """, new { opinionId });
        var email = await conn.QuerySingleOrDefaultAsync<Mail>(
            "select received_at, subject, array_to_string(rejected_files, @separator) as rejected_files from inbound_mail where opinion_id = @opinionId",
            new { opinionId, separator = Texts.Get("Format.Semicolon") });
        var files = (await conn.QueryAsync<Attachments.Listed>(
            """
            select a.id, a.file_name, a.content_type, a.size, a.sha256
            from opinion_attachment oa join attachment a on a.id = oa.attachment_id where oa.opinion_id = @opinionId order by a.id
            """, new { opinionId })).ToList();
        var outbox = (await conn.QueryAsync<Sent>(
            "select kind, status, created_at, sent_at, last_error from outbox_mail where opinion_id = @opinionId order by id",
            new { opinionId })).ToList();
        return View(new Model(opinionId, offline, email, files, outbox));
    }
}
