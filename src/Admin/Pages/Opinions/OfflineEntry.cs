using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>How an offline opinion came in, as staff record it (Art. 8: letters, telegrams, faxes; calls; Art. 16:
/// symposia and hearings).</summary>
public sealed record OfflineSource(DateOnly ReceivedOn, DateOnly? PostmarkOn, string? SenderReference, string? MeetingTitle)
{
    /// <summary>It counts when the window was open at any time between its postmark (if any) and its receipt: a
    /// letter posted in time counts though it arrives late.</summary>
    public GivenAt GivenAt => new(Shared.Opinions.GivenAt.Day(PostmarkOn ?? ReceivedOn).Earliest, Shared.Opinions.GivenAt.Day(ReceivedOn).Latest);
}

/// <summary>What the offline entry pages (one opinion, and a meeting's minutes) share: the dates' rules, the duplicate
/// check, why a late one is refused, and storing the source with the opinion.</summary>
public static class OfflineEntry
{
    public const int MaxReferenceLength = 100;
    public const int MaxContactLength = 200;
    public const int MaxMeetingTitleLength = 200;
    public const int MaxScans = 5;
    /// <summary>Five scans of at most 10 MB each, and the form around them.</summary>
    public const long RequestLimit = MaxScans * (long)Attachments.MaxBytes + 1024 * 1024;

    /// <summary>The date checks; each error is (field, text key).</summary>
    public static IEnumerable<(string Field, string Key)> CheckDates(string channel, DateOnly? receivedOn, DateOnly? postmarkOn, DateOnly today)
    {
        if (receivedOn is null) yield return ("ReceivedOn", "Offline.ReceivedOn.Required");
        else if (receivedOn > today) yield return ("ReceivedOn", "Offline.ReceivedOn.Future");
        if (postmarkOn is { } p)
        {
            if (!Channels.HasPostmark(channel)) yield return ("PostmarkOn", "Offline.Postmark.NotForChannel");
            else if (receivedOn is { } r && p > r) yield return ("PostmarkOn", "Offline.Postmark.AfterReceipt");
        }
    }

    public sealed record Duplicate(long Id, string ReceiptNumber, DateOnly? ReceivedOn);

    /// <summary>Opinions of the consultation with the same text, or the same sender reference and date received: the
    /// same letter entered twice, or sent twice.</summary>
    public static async Task<IReadOnlyList<Duplicate>> FindDuplicatesAsync(this NpgsqlConnection conn, long consultationId,
        string body, string? reference, DateOnly receivedOn) =>
        (await conn.QueryAsync<Duplicate>(
            """
            select o.id, o.receipt_number, s.received_on
            from opinion o left join opinion_source s on s.opinion_id = o.id
            where o.consultation_id = @consultationId
              and (o.body = @body or (@reference::text is not null and s.sender_reference = @reference and s.received_on = @receivedOn))
            order by o.id limit 5
            """, new { consultationId, body, reference, receivedOn })).ToList();

    /// <summary>Why an opinion given then is refused, in words staff can act on.</summary>
    public static string Refusal(IStringLocalizer<Texts> texts, SubmitResult result, string channel, OfflineSource source) => result switch
    {
        SubmitResult.ConsultationNotOpen { Phase: ConsultationPhase.Closed } n when source.PostmarkOn is { } p =>
            texts["Offline.Refused.PostmarkLate", Display.Date(p), Display.Time(n.EndsAt)],
        SubmitResult.ConsultationNotOpen { Phase: ConsultationPhase.Closed } n when Channels.HasPostmark(channel) =>
            texts["Offline.Refused.LateNoPostmark", Display.Time(n.EndsAt)],
        SubmitResult.ConsultationNotOpen { Phase: ConsultationPhase.Closed } n => texts["Offline.Refused.Late", Display.Time(n.EndsAt)],
        SubmitResult.ConsultationNotOpen => texts["Offline.Refused.BeforeOpening"],
        _ => texts["Offline.Refused.Missing"],
    };

    /// <summary>The source, the scans and the audit entry, in the opinion's transaction.</summary>
    public static async Task StoreSourceAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, SubmitResult.Accepted opinion,
        string channel, OfflineSource source, IReadOnlyList<CheckedFile> scans, ClaimsPrincipal user, DateTime now)
    {
        await conn.ExecuteAsync(
            """
            insert into opinion_source (opinion_id, received_on, postmark_on, sender_reference, meeting_title, entered_by, entered_at)
            values (@OpinionId, @ReceivedOn, @PostmarkOn, @SenderReference, @MeetingTitle, @by, @now)
            """, new { opinion.OpinionId, source.ReceivedOn, source.PostmarkOn, source.SenderReference, source.MeetingTitle, by = user.StaffId(), now }, tx);
        foreach (var scan in scans)
        {
            var attachment = await conn.StoreAsync(tx, scan);
            await conn.ExecuteAsync("insert into opinion_attachment (opinion_id, attachment_id) values (@OpinionId, @attachment)",
                new { opinion.OpinionId, attachment }, tx);
        }
        await conn.WriteAsync(tx, user.Actor(), AuditActions.RecordOffline, "opinion", opinion.OpinionId, after: new
        {
            channel, receipt_number = opinion.ReceiptNumber, received_on = source.ReceivedOn, postmark_on = source.PostmarkOn,
            source.SenderReference, source.MeetingTitle, scans = scans.Select(s => new { s.FileName, sha256 = Convert.ToHexStringLower(s.Sha256) }),
        });
    }
}
