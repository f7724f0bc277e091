using System.Security.Cryptography;
using System.Text;
using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Input;
using Evaluation.Shared.Mail;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Mail;

/// <summary>
/// Reads the intake mailbox: every message becomes an opinion with channel 电子邮件 (or waits for staff, or is set
/// aside as automatic), exactly once. The rows are committed first, then the message is flagged; a message found
/// again unflagged (the worker died in between) finds its row by its key and is only flagged.
/// </summary>
public sealed class MailIntake(NpgsqlDataSource db, PersonalData personalData, MailTexts texts, IOptions<MailOptions> options,
    TimeProvider clock, ILogger<MailIntake> log)
{
    /// <summary>The IMAP keyword of a message that is stored; messages without it are read.</summary>
    public const string ProcessedKeyword = "EvaluationProcessed";

    public static class Reasons
    {
        public const string Automatic = "automatic";
        public const string TooLarge = "too_large";
        public const string Unreadable = "unreadable";
        public const string SenderLimit = "sender_limit";
        public const string NoConsultation = "no_consultation";
        public const string UnknownConsultation = "unknown_consultation";
        public const string NotOpen = "not_open";
        /// <summary>Storing it failed for a reason of its own (not the database or the mailbox being away): refused and
        /// flagged, so that it cannot stop the messages after it; it stays in the mailbox for staff to read.</summary>
        public const string Failed = "failed";
    }

    /// <summary>Test seam: runs before a read message is stored; what it throws stands for any failure of one message.</summary>
    public Func<ReadMail, Task>? BeforeStore { get; set; }

    /// <summary>Test seam: runs after a message's rows are committed and before it is flagged — where a crash must not
    /// make a second opinion.</summary>
    public Func<UniqueId, Task>? AfterCommit { get; set; }

    private MailOptions Options => options.Value;

    public async Task<ImapClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var imap = Options.Imap;
        var client = new ImapClient();
        try
        {
            await client.ConnectAsync(imap.Host!, imap.Port, Security(imap.Security), cancellationToken);
            if (!string.IsNullOrEmpty(imap.UserName)) await client.AuthenticateAsync(imap.UserName, imap.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static SecureSocketOptions Security(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };

    public async Task<IMailFolder> OpenFolderAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var folder = Options.Imap.Folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(Options.Imap.Folder, cancellationToken);
        if (!folder.IsOpen || folder.Access != FolderAccess.ReadWrite) await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        return folder;
    }

    /// <summary>Connects, reads every message not yet stored, and disconnects; the number of messages handled.</summary>
    public async Task<int> ProcessOnceAsync(CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(cancellationToken);
        var handled = await ProcessOnceAsync(client, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return handled;
    }

    public async Task<int> ProcessOnceAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var folder = await OpenFolderAsync(client, cancellationToken);
        var uids = await folder.SearchAsync(SearchQuery.NotKeyword(ProcessedKeyword), cancellationToken);
        if (uids.Count == 0) return 0;
        var summaries = await folder.FetchAsync(uids,
            MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope,
            cancellationToken);
        foreach (var summary in summaries.OrderBy(s => s.UniqueId))
        {
            var receivedAt = summary.InternalDate?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime;
            // The mailbox's own name for the message: plain ASCII, which any row can hold.
            var uidKey = $"uid:{folder.UidValidity}:{summary.UniqueId.Id}";
            try
            {
                if (summary.Size > Options.MaxMessageBytes)
                {
                    log.LogWarning("Message {Uid} of {Size} bytes is over the limit of {Limit}: refused unread", summary.UniqueId, summary.Size, Options.MaxMessageBytes);
                    var key = summary.Envelope?.MessageId is { Length: > 0 and <= 900 } id && !id.Any(char.IsControl) ? id : uidKey;
                    await RecordAsync(key, receivedAt, InboundMailStatuses.Refused, Reasons.TooLarge, cancellationToken);
                }
                else
                {
                    byte[] raw;
                    await using (var stream = await folder.GetStreamAsync(summary.UniqueId, cancellationToken))
                    {
                        using var buffer = new MemoryStream();
                        await stream.CopyToAsync(buffer, cancellationToken);
                        raw = buffer.ToArray();
                    }
                    await StoreAsync(raw, receivedAt, cancellationToken);
                }
            }
            catch (Exception e) when (!Retried(e, cancellationToken))
            {
                // Whatever one message holds, it must not stop the ones after it (read in UID order, every poll would
                // fail on it again while later mail piles up): its row says it failed, and it is flagged below.
                log.LogError(e, "Message {Uid} could not be stored: refused, left in the mailbox for staff", summary.UniqueId);
                await RecordAsync(uidKey, receivedAt, InboundMailStatuses.Refused, Reasons.Failed, cancellationToken);
            }
            if (AfterCommit is not null) await AfterCommit(summary.UniqueId);
            await folder.StoreAsync(summary.UniqueId, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen, [ProcessedKeyword]) { Silent = true },
                cancellationToken);
        }
        return summaries.Count;
    }

    /// <summary>Stores one raw message (its opinion, attachments and receipt mail, or its place in the queue) in one
    /// transaction; a message stored before is left as it is. Returns the inbound_mail status.</summary>
    public async Task<string> StoreAsync(byte[] raw, DateTime receivedAt, CancellationToken cancellationToken = default)
    {
        ReadMail mail;
        try
        {
            mail = MessageReader.Read(raw);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or DecoderFallbackException or NotSupportedException)
        {
            log.LogWarning(e, "An unreadable message of {Size} bytes: refused", raw.Length);
            return await RecordAsync(MessageKeys.HashPrefix + Convert.ToHexStringLower(SHA256.HashData(raw)), receivedAt,
                InboundMailStatuses.Refused, Reasons.Unreadable, cancellationToken);
        }

        if (BeforeStore is not null) await BeforeStore(mail);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var automatic = mail.Automatic;
        // The per-sender limit counts by what the server authenticated where the mail says, else by the From address.
        var senderHash = (mail.AuthenticatedSender ?? mail.SenderAddress) is { } a
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(a.Trim().ToLowerInvariant()))) : null;
        var id = await conn.ExecuteScalarAsync<long?>(
            """
            insert into inbound_mail (message_key, received_at, read_at, sender, sender_name, sender_hash, subject, body, status, reason)
            values (@Key, @receivedAt, @now, @sender, @senderName, @senderHash, @subject, @body, @status, @reason)
            on conflict (message_key) do nothing
            returning id
            """,
            new
            {
                mail.Key, receivedAt, now,
                // An automatic message is nobody's opinion: nothing of it is kept but what shows it was seen.
                sender = automatic ? null : personalData.Protect(mail.SenderAddress),
                senderName = automatic ? null : personalData.Protect(PlainText.Clean(mail.SenderName) is { } name ? PlainText.Truncate(name, 200) : null),
                senderHash = automatic ? null : senderHash,
                subject = PlainText.Truncate(PlainText.Clean(mail.Subject) ?? "", 500),
                body = automatic ? "" : PlainText.Clean(mail.Text) ?? "",
                status = automatic ? InboundMailStatuses.Ignored : InboundMailStatuses.Waiting,
                reason = automatic ? Reasons.Automatic : Reasons.NoConsultation,
            }, tx);
        if (id is null)
        {
            await tx.RollbackAsync(cancellationToken);
            return "seen";
        }
        if (automatic)
        {
            await tx.CommitAsync(cancellationToken);
            log.LogInformation("Automatic message {Id} (bounce or auto-reply) set aside", id);
            return InboundMailStatuses.Ignored;
        }

        var rejected = new List<string>();
        foreach (var (fileName, content) in mail.Files)
        {
            var (file, refused) = Attachments.Check(fileName, content);
            if (file is null)
            {
                rejected.Add(texts.Refusal(refused!));
                continue;
            }
            var attachment = await conn.StoreAsync(tx, file);
            await conn.ExecuteAsync("insert into inbound_mail_attachment (inbound_mail_id, attachment_id) values (@id, @attachment)",
                new { id, attachment }, tx);
        }
        if (rejected.Count > 0)
            await conn.ExecuteAsync("update inbound_mail set rejected_files = @rejected where id = @id", new { id, rejected = rejected.ToArray() }, tx);

        var status = InboundMailStatuses.Waiting;
        string? reason = Reasons.NoConsultation;
        var earlier = senderHash is null ? 0 : await conn.ExecuteScalarAsync<long>(
            """
            select count(*) from inbound_mail
            where sender_hash = @senderHash and id <> @id and received_at > @since and status in ('opinion', 'waiting', 'held')
            """, new { senderHash, id, since = receivedAt.AddDays(-1) }, tx);
        if (earlier >= Options.PerSenderPerDay)
        {
            // One sender flooding: the excess waits for staff and gets no automatic reply.
            status = InboundMailStatuses.Held;
            reason = Reasons.SenderLimit;
        }
        else if (MessageReader.ConsultationNumber(mail, Options.Address) is { } number)
        {
            var result = await conn.AcceptAsync(tx, personalData, texts, id.Value, number, now);
            (status, reason) = result switch
            {
                SubmitResult.Accepted => (InboundMailStatuses.Opinion, null),
                SubmitResult.ConsultationNotOpen => (InboundMailStatuses.Waiting, Reasons.NotOpen),
                _ => (InboundMailStatuses.Waiting, Reasons.UnknownConsultation),
            };
        }
        if (status != InboundMailStatuses.Opinion)
            await conn.ExecuteAsync("update inbound_mail set status = @status, reason = @reason where id = @id", new { id, status, reason }, tx);
        await tx.CommitAsync(cancellationToken);
        log.LogInformation("Message {Id} stored: {Status} {Reason}", id, status, reason);
        return status;
    }

    private async Task<string> RecordAsync(string key, DateTime receivedAt, string status, string reason, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await conn.ExecuteAsync(
            """
            insert into inbound_mail (message_key, received_at, status, reason) values (@key, @receivedAt, @status, @reason)
            on conflict (message_key) do nothing
            """, new { key, receivedAt, status, reason });
        return status;
    }

    /// <summary>
    /// Failures that are no fault of the message: cancellation, the database or the mailbox away. The poll ends and the
    /// message, unflagged, is read again by the next one; anything else is the message's own (<see cref="Reasons.Failed"/>).
    /// </summary>
    private static bool Retried(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested
        || e is NpgsqlException { IsTransient: true }
        || e is IOException or System.Net.Sockets.SocketException or ImapProtocolException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or FolderNotOpenException;
}
