using Dapper;
using Evaluation.Shared.Input;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Shared.Mail;

public static class InboundMailStatuses
{
    public const string Opinion = "opinion";
    /// <summary>No consultation could be found for it (待分派).</summary>
    public const string Waiting = "waiting";
    /// <summary>Over the per-sender limit: waits for staff.</summary>
    public const string Held = "held";
    /// <summary>An automatic message (bounce, auto-reply): no opinion, never answered.</summary>
    public const string Ignored = "ignored";
    /// <summary>Too large or unreadable.</summary>
    public const string Refused = "refused";
    /// <summary>Staff decided it is no opinion, with the reason.</summary>
    public const string Dismissed = "dismissed";
}

/// <summary>Turning a stored mail into an opinion: by the worker when it finds the consultation, by staff from the
/// queue (待分派邮件) otherwise. One place, so both count, store and answer alike.</summary>
public static class InboundMails
{
    private const string Truncated = "……（以下从略，全文见原邮件）";

    private sealed record Row(long Id, string MessageKey, DateTime ReceivedAt, string? Sender, string? SenderName,
        string Subject, string Body, int RejectedFileCount, string Status);

    /// <summary>
    /// Makes the mail an opinion of the consultation in the caller's transaction: the opinion counts as given when
    /// the mail arrived, its attachments go with it, and the automatic reply with the receipt number is queued.
    /// Anything but Accepted leaves the transaction to be rolled back.
    /// </summary>
    public static async Task<SubmitResult> AcceptAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, PersonalData personalData,
        MailTexts texts, long inboundMailId, long consultationId, DateTime now, long? staffId = null)
    {
        var mail = await conn.QuerySingleAsync<Row>(
            """
            select id, message_key, received_at, sender, sender_name, subject, body, cardinality(rejected_files) as rejected_file_count, status
            from inbound_mail where id = @inboundMailId for update
            """, new { inboundMailId }, tx);
        var address = personalData.Unprotect(mail.Sender);
        var name = PlainText.Clean(personalData.Unprotect(mail.SenderName));
        if (name is not null) name = PlainText.Truncate(name, OpinionRules.MaxNameLength);
        var opinion = new NewOpinion(consultationId, Channels.Email, RespondentTypes.Citizen, name,
            address is null ? null : Contact.Parse(address) ?? new Contact(ContactKind.AsGiven, address),
            Region.Unspecified, OpinionBody(mail.Subject, mail.Body), false);
        var result = await conn.AddOpinionAsync(tx, personalData, opinion, now, GivenAt.Moment(mail.ReceivedAt));
        if (result is not SubmitResult.Accepted accepted) return result;

        await conn.ExecuteAsync(
            """
            update inbound_mail set status = 'opinion', opinion_id = @OpinionId, consultation_id = @consultationId, reason = null,
                   handled_by = @staffId, handled_at = @now
            where id = @inboundMailId;
            insert into opinion_attachment (opinion_id, attachment_id)
            select @OpinionId, attachment_id from inbound_mail_attachment where inbound_mail_id = @inboundMailId;
            """, new { accepted.OpinionId, consultationId, staffId, now, inboundMailId }, tx);
        if (address is not null)
        {
            var title = await conn.ExecuteScalarAsync<string>("select title from consultation where id = @consultationId", new { consultationId }, tx);
            var (subject, body) = texts.Receipt(title!, accepted.ReceiptNumber, mail.RejectedFileCount);
            await conn.QueueAsync(tx, personalData, new OutboxMail(OutboxKinds.Receipt, address, subject, body,
                MessageKeys.MessageId(mail.MessageKey), accepted.OpinionId, mail.Id));
        }
        return accepted;
    }

    /// <summary>The opinion's text: the mail's text (the subject when the body is empty), cut to the length an
    /// opinion holds; the whole text stays with the mail.</summary>
    public static string OpinionBody(string? subject, string? text)
    {
        var body = PlainText.Clean(text) ?? PlainText.Clean(subject) ?? "（邮件无正文）";
        return PlainText.Length(body) <= OpinionRules.MaxBodyLength
            ? body
            : string.Concat(body.EnumerateRunes().Take(OpinionRules.MaxBodyLength - Truncated.Length).Select(r => r.ToString())) + Truncated;
    }
}
