using System.Data;
using Dapper;
using Evaluation.Shared.Privacy;

namespace Evaluation.Shared.Mail;

public static class OutboxKinds
{
    public const string Receipt = "receipt";
    public const string Reply = "reply";
}

/// <summary>A mail to send, written in the transaction of what causes it (an accepted e-mail, a staff reply); the mail
/// worker sends it.</summary>
public sealed record OutboxMail(string Kind, string Recipient, string Subject, string Body, string? InReplyTo,
    long? OpinionId, long? InboundMailId);

public static class Outbox
{
    public static Task<long> QueueAsync(this IDbConnection conn, IDbTransaction tx, PersonalData personalData, OutboxMail mail) =>
        conn.ExecuteScalarAsync<long>(
            """
            insert into outbox_mail (kind, recipient, subject, body, in_reply_to, opinion_id, inbound_mail_id)
            values (@Kind, @recipient, @Subject, @Body, @InReplyTo, @OpinionId, @InboundMailId) returning id
            """,
            new { mail.Kind, recipient = personalData.Protect(mail.Recipient), mail.Subject, mail.Body, mail.InReplyTo, mail.OpinionId, mail.InboundMailId },
            tx);

    /// <summary>Staff answered an e-mail opinion: the answer goes back by mail too, to the address it came from (while
    /// that is kept), in the transaction that saves the reply. False when the opinion did not come by mail.</summary>
    public static async Task<bool> QueueReplyAsync(this IDbConnection conn, IDbTransaction tx, PersonalData personalData,
        MailTexts texts, long opinionId, string reply)
    {
        var source = await conn.QuerySingleOrDefaultAsync<(long Id, string? Sender, string Subject, string? MessageKey, string ReceiptNumber, string ConsultationTitle)?>(
            """
            select m.id, m.sender, m.subject, m.message_key, o.receipt_number, c.title as consultation_title
            from inbound_mail m join opinion o on o.id = m.opinion_id join consultation c on c.id = o.consultation_id
            where m.opinion_id = @opinionId
            """, new { opinionId }, tx);
        if (source is not { } s || personalData.Unprotect(s.Sender) is not { } recipient) return false;
        var (subject, body) = texts.Reply(s.Subject, s.ConsultationTitle, s.ReceiptNumber, reply);
        await conn.QueueAsync(tx, personalData, new OutboxMail(OutboxKinds.Reply, recipient, subject, body,
            MessageKeys.MessageId(s.MessageKey), opinionId, s.Id));
        return true;
    }
}

/// <summary>inbound_mail.message_key is the Message-ID, or "sha256:…" for a message without one.</summary>
public static class MessageKeys
{
    public const string HashPrefix = "sha256:";

    /// <summary>The Message-ID to answer to, if the message had one.</summary>
    public static string? MessageId(string? key) => key is null || key.StartsWith(HashPrefix, StringComparison.Ordinal) ? null : key;
}
